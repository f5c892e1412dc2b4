using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TomDashboard.Data;

namespace TomDashboard.Accounts;

/// <summary>
/// The accounts' one home for pages and start-up: each operation runs in its own scope, so Identity's context lives
/// for that operation only, never for a circuit.
/// </summary>
public sealed partial class AccountDirectory : IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly SignInTickets _tickets;
    private readonly TimeProvider _time;
    private readonly ILogger<AccountDirectory> _logger;
    private readonly PartitionedRateLimiter<string> _signInLimiter;
    private readonly SemaphoreSlim _firstAdministrator = new(1, 1);

    public AccountDirectory(IServiceScopeFactory scopes, SignInTickets tickets, TimeProvider time, IOptions<AccountOptions> options, ILogger<AccountDirectory> logger)
    {
        _scopes = scopes;
        _tickets = tickets;
        _time = time;
        _logger = logger;
        var settings = options.Value;
        _signInLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<string, string>(userName => RateLimitPartition.GetFixedWindowLimiter(userName, _ => PerMinute(settings.SignInAttemptsPerMinute))),
            PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetFixedWindowLimiter("all", _ => PerMinute(settings.SignInAttemptsPerMinuteInTotal))));
    }

    public async Task<bool> AnyUserAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>().Users.AnyAsync(cancellationToken);
    }

    /// <summary>
    /// The setup page and the configured seed: only while no user exists, one at a time, also across instances that
    /// start together on one PostgreSQL (an advisory lock held until the administrator is saved).
    /// </summary>
    public async Task<AccountResult> CreateFirstAdministratorAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        await _firstAdministrator.WaitAsync(cancellationToken);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<TomDbContext>();
            await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
            await AdvisoryLocks.TakeAsync(database, [AdvisoryLocks.Key(AdvisoryLockSpace.FirstAdministrator, 0)], cancellationToken);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
            if (await users.Users.AnyAsync(cancellationToken))
            {
                return AccountResult.Refused(AlreadySetUp);
            }

            var result = await CreateUserAsync(scope.ServiceProvider, userName, password, isAdministrator: true);
            if (result.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken);
                LogFirstAdministrator(_logger, userName!.Trim());
            }

            return result;
        }
        finally
        {
            _firstAdministrator.Release();
        }
    }

    public const string AlreadySetUp = "TomDashboard is already set up: sign in, or ask an administrator for an account.";

    public async Task<AccountResult> CreateUserAsync(string? userName, string? password, bool isAdministrator, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await CreateUserAsync(scope.ServiceProvider, userName, password, isAdministrator);
    }

    /// <summary>Identity's user manager saves through the scope's context (and so in its transaction, when one is open).</summary>
    private async Task<AccountResult> CreateUserAsync(IServiceProvider scope, string? userName, string? password, bool isAdministrator)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return AccountResult.Refused("Give a user name.");
        }

        if (name.Length > TomUser.UserNameMaxLength)
        {
            return AccountResult.Refused($"A user name has at most {TomUser.UserNameMaxLength} characters.");
        }

        var users = scope.GetRequiredService<UserManager<TomUser>>();
        var user = new TomUser { UserName = name, CreatedAt = _time.GetUtcNow() };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            return AccountResult.From(created, "");
        }

        if (isAdministrator)
        {
            await EnsureRoleAsync(scope, AccountRoles.Administrator);
            var promoted = await users.AddToRoleAsync(user, AccountRoles.Administrator);
            if (!promoted.Succeeded)
            {
                return AccountResult.From(promoted, "");
            }
        }

        return AccountResult.Done(isAdministrator ? $"Administrator {name} created." : $"User {name} created.");
    }

    /// <summary>
    /// Checks a password with the lockout rules, behind a per-name and an app-wide attempt limit. A wrong name and a
    /// wrong password read the same, so the page does not tell which names exist.
    /// </summary>
    public async Task<SignInCheck> CheckPasswordAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length == 0 || string.IsNullOrEmpty(password))
        {
            return new SignInCheck(null, "Give your user name and password.");
        }

        using var lease = _signInLimiter.AttemptAcquire(name.ToUpperInvariant());
        if (!lease.IsAcquired)
        {
            return new SignInCheck(null, "Too many sign-in attempts. Wait a minute and try again.");
        }

        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        var signIns = scope.ServiceProvider.GetRequiredService<SignInManager<TomUser>>();
        var user = await users.FindByNameAsync(name);
        if (user is null)
        {
            return new SignInCheck(null, WrongNameOrPassword);
        }

        var result = await signIns.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new SignInCheck(null, "This account is locked after too many failed sign-ins. Try again later, or ask an administrator to unlock it.");
        }

        if (!result.Succeeded)
        {
            return new SignInCheck(null, WrongNameOrPassword);
        }

        return new SignInCheck(_tickets.Issue(user.Id, await users.GetSecurityStampAsync(user)), null);
    }

    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        var administrators = (await users.GetUsersInRoleAsync(AccountRoles.Administrator)).Select(user => user.Id).ToHashSet(StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        var all = await users.Users.AsNoTracking().ToListAsync(cancellationToken);
        return all.OrderBy(user => user.UserName, StringComparer.OrdinalIgnoreCase)
            .Select(user => new UserSummary(user.Id, user.UserName ?? "", administrators.Contains(user.Id), user.LockoutEnd > now, user.CreatedAt))
            .ToList();
    }

    /// <summary>An administrator sets a new password; the user's open sessions end.</summary>
    public async Task<AccountResult> ResetPasswordAsync(string userId, string? newPassword, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return AccountResult.Refused("That user no longer exists.");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword ?? "");
        if (reset.Succeeded)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }

        return AccountResult.From(reset, $"Password of {user.UserName} reset; their open sessions end.");
    }

    public async Task<AccountResult> UnlockAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return AccountResult.Refused("That user no longer exists.");
        }

        await users.ResetAccessFailedCountAsync(user);
        return AccountResult.From(await users.SetLockoutEndDateAsync(user, null), $"{user.UserName} can sign in again.");
    }

    /// <summary>Makes or unmakes an administrator; the last one stays.</summary>
    public async Task<AccountResult> SetAdministratorAsync(string userId, bool isAdministrator, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return AccountResult.Refused("That user no longer exists.");
        }

        if (isAdministrator)
        {
            await EnsureRoleAsync(scope.ServiceProvider, AccountRoles.Administrator);
            return await users.IsInRoleAsync(user, AccountRoles.Administrator)
                ? AccountResult.Done($"{user.UserName} is an administrator.")
                : AccountResult.From(await users.AddToRoleAsync(user, AccountRoles.Administrator), $"{user.UserName} is now an administrator.");
        }

        var administrators = await users.GetUsersInRoleAsync(AccountRoles.Administrator);
        if (administrators.Count == 1 && administrators[0].Id == user.Id)
        {
            return AccountResult.Refused($"{user.UserName} is the last administrator; make another one first.");
        }

        var removed = await users.RemoveFromRoleAsync(user, AccountRoles.Administrator);
        if (removed.Succeeded)
        {
            // Their open circuits lose the role at the next check.
            await users.UpdateSecurityStampAsync(user);
        }

        return AccountResult.From(removed, $"{user.UserName} is no longer an administrator.");
    }

    /// <summary>Signing out ends every session of the account: its cookies stop working and its circuits stop.</summary>
    public async Task EndSessionsAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        if (await users.GetUserAsync(principal) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
    }

    public void Dispose()
    {
        _signInLimiter.Dispose();
        _firstAdministrator.Dispose();
    }

    private const string WrongNameOrPassword = "The user name or password is not right.";

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    private static async Task EnsureRoleAsync(IServiceProvider services, string role)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First administrator {UserName} created")]
    private static partial void LogFirstAdministrator(ILogger logger, string userName);
}
