using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace TomDashboard.Accounts;

/// <summary>
/// How many circuits (open tabs) each user has, against <see cref="AccountOptions.MaxCircuitsPerUser"/>: each holds
/// server memory, so one account (or a stolen cookie in a loop) cannot take the server's.
/// </summary>
public sealed class CircuitsPerUser(IOptions<AccountOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int Limit => options.Value.MaxCircuitsPerUser;

    /// <summary>Counts a new circuit of the user; false (and not counted) when they have as many open as allowed.</summary>
    public bool TryAdmit(string userId)
    {
        if (_open.AddOrUpdate(userId, 1, (_, count) => count + 1) <= Limit)
        {
            return true;
        }

        Leave(userId);
        return false;
    }

    public void Leave(string userId)
    {
        if (_open.AddOrUpdate(userId, 0, (_, count) => count - 1) <= 0)
        {
            _open.TryRemove(new KeyValuePair<string, int>(userId, 0));
        }
    }

    public int OpenOf(string userId) => _open.GetValueOrDefault(userId);
}

/// <summary>
/// This circuit's place in <see cref="CircuitsPerUser"/>: admitted when it opens (the layout shows a message instead of
/// the page when it is not), given back when it closes.
/// </summary>
public sealed class CircuitAdmission(CircuitsPerUser circuits, AuthenticationStateProvider authentication) : CircuitHandler
{
    private string? _counted;

    /// <summary>Why this circuit shows no page, or null when it was admitted.</summary>
    public string? Refusal { get; private set; }

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return;
        }

        if (circuits.TryAdmit(userId))
        {
            _counted = userId;
        }
        else
        {
            Refusal = $"You have {circuits.Limit} TomDashboard tabs open already (Auth:MaxCircuitsPerUser). Close one, then reload this tab.";
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_counted is { } userId)
        {
            _counted = null;
            circuits.Leave(userId);
        }

        return Task.CompletedTask;
    }
}
