using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;

namespace TomDashboard.Accounts;

/// <summary>Who the stream handlers are when they create targets, and whom those targets are shared with.</summary>
public sealed record StreamIdentity(Viewer Viewer, TargetVisibility Visibility, IReadOnlyCollection<long> ShareWith);

/// <summary>
/// The streams' service account (<c>Auth:StreamAccount</c>): a user without a password, so nobody signs in as it, in the
/// configured groups. Its targets are shared with those groups; with no group configured they are Open, so that they
/// are not hidden from every person.
/// </summary>
public sealed class StreamAccount(IServiceScopeFactory scopes, TeamGroups groups, IOptions<AccountOptions> options, TimeProvider time, ILogger<StreamAccount> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StreamIdentity? _identity;

    public async Task<StreamIdentity> GetAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _identity ??= await EnsureAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<StreamIdentity> EnsureAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.StreamAccount;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        var user = await users.FindByNameAsync(settings.UserName);
        if (user is null)
        {
            user = new TomUser { UserName = settings.UserName, CreatedAt = time.GetUtcNow() };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"The streams' account {settings.UserName} could not be created: {string.Join(" ", created.Errors.Select(error => error.Description))}");
            }

            logger.LogInformation("Created the streams' service account {UserName}", settings.UserName);
        }

        foreach (var name in settings.Groups.Where(name => !string.IsNullOrWhiteSpace(name)))
        {
            await groups.CreateAsync(name, cancellationToken);
            var group = (await groups.ListAsync(cancellationToken)).FirstOrDefault(each => string.Equals(each.Name, name.Trim(), StringComparison.Ordinal));
            if (group is not null)
            {
                await groups.AddMemberAsync(group.Id, settings.UserName, cancellationToken);
            }
        }

        var viewer = await groups.ViewerAsync(user.Id, cancellationToken)
            ?? throw new InvalidOperationException($"The streams' account {settings.UserName} vanished.");
        return new StreamIdentity(viewer, viewer.GroupIds.Count == 0 ? TargetVisibility.Open : TargetVisibility.Private, viewer.GroupIds);
    }
}
