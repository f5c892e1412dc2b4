using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Accounts;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Accounts;

public sealed class AccountDirectoryTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery";
    // Starts at the real time: Identity reads the system clock for lockouts.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApp _app = null!;

    private AccountDirectory Accounts => _app.Services.GetRequiredService<AccountDirectory>();

    public ValueTask InitializeAsync()
    {
        _app = new TestApp(
            new Dictionary<string, string?> { ["Auth:MaxFailedSignIns"] = "3", ["Auth:SignInAttemptsPerMinute"] = "6" },
            services => services.AddSingleton<TimeProvider>(_time));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_first_administrator_is_created_once_even_when_two_setups_race()
    {
        Assert.False(await Accounts.AnyUserAsync(TestContext.Current.CancellationToken));

        var results = await Task.WhenAll(
            Accounts.CreateFirstAdministratorAsync("ada", Passphrase, TestContext.Current.CancellationToken),
            Accounts.CreateFirstAdministratorAsync("grace", Passphrase, TestContext.Current.CancellationToken));

        Assert.Single(results, result => result.Succeeded);
        var refused = Assert.Single(results, result => !result.Succeeded);
        Assert.Contains("already set up", refused.Message, StringComparison.Ordinal);
        var user = Assert.Single(await Accounts.ListUsersAsync(TestContext.Current.CancellationToken));
        Assert.True(user.IsAdministrator);
    }

    [Fact]
    public async Task A_short_password_is_refused_with_the_rule()
    {
        var result = await Accounts.CreateFirstAdministratorAsync("ada", "short", TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("at least 12 characters", result.Message, StringComparison.Ordinal);
        Assert.False(await Accounts.AnyUserAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_wrong_name_and_a_wrong_password_read_the_same_and_repeated_failures_lock_the_account()
    {
        await Accounts.CreateFirstAdministratorAsync("ada", Passphrase, TestContext.Current.CancellationToken);

        var unknown = await Accounts.CheckPasswordAsync("nobody", Passphrase, TestContext.Current.CancellationToken);
        var wrong = await Accounts.CheckPasswordAsync("ada", "not the passphrase", TestContext.Current.CancellationToken);
        Assert.Equal(unknown.Problem, wrong.Problem);
        Assert.Null(wrong.Ticket);

        await Accounts.CheckPasswordAsync("ada", "not the passphrase", TestContext.Current.CancellationToken);
        await Accounts.CheckPasswordAsync("ada", "not the passphrase", TestContext.Current.CancellationToken);
        var locked = await Accounts.CheckPasswordAsync("ada", Passphrase, TestContext.Current.CancellationToken);
        Assert.Null(locked.Ticket);
        Assert.Contains("locked", locked.Problem, StringComparison.Ordinal);
        Assert.True(Assert.Single(await Accounts.ListUsersAsync(TestContext.Current.CancellationToken)).IsLockedOut);

        var unlocked = await Accounts.UnlockAsync(Assert.Single(await Accounts.ListUsersAsync(TestContext.Current.CancellationToken)).Id, TestContext.Current.CancellationToken);
        Assert.True(unlocked.Succeeded);
        Assert.True((await Accounts.CheckPasswordAsync("ada", Passphrase, TestContext.Current.CancellationToken)).Succeeded);
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_a_minute_are_refused_before_the_password_is_checked()
    {
        await Accounts.CreateFirstAdministratorAsync("ada", Passphrase, TestContext.Current.CancellationToken);
        await Accounts.CreateUserAsync("bob", Passphrase, isAdministrator: false, TestContext.Current.CancellationToken);

        for (var attempt = 0; attempt < 6; attempt++)
        {
            await Accounts.CheckPasswordAsync("nobody", "guess " + attempt, TestContext.Current.CancellationToken);
        }

        var limited = await Accounts.CheckPasswordAsync("nobody", "guess", TestContext.Current.CancellationToken);
        Assert.Contains("Too many sign-in attempts", limited.Problem, StringComparison.Ordinal);
        // The limit is per name: a colleague is not locked out by someone guessing another name.
        Assert.True((await Accounts.CheckPasswordAsync("bob", Passphrase, TestContext.Current.CancellationToken)).Succeeded);
    }

    [Fact]
    public async Task The_last_administrator_stays_one()
    {
        await Accounts.CreateFirstAdministratorAsync("ada", Passphrase, TestContext.Current.CancellationToken);
        var ada = Assert.Single(await Accounts.ListUsersAsync(TestContext.Current.CancellationToken));

        var refused = await Accounts.SetAdministratorAsync(ada.Id, isAdministrator: false, TestContext.Current.CancellationToken);

        Assert.False(refused.Succeeded);
        Assert.Contains("last administrator", refused.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(await Accounts.ListUsersAsync(TestContext.Current.CancellationToken)).IsAdministrator);
    }

    [Fact]
    public async Task A_circuit_stops_after_sign_out_a_password_reset_or_the_session_lifetime()
    {
        await Accounts.CreateFirstAdministratorAsync("ada", Passphrase, TestContext.Current.CancellationToken);
        await Accounts.CreateUserAsync("bob", Passphrase, isAdministrator: false, TestContext.Current.CancellationToken);

        Assert.True(await ValidateAsync(await PrincipalAsync("bob")));

        var signedOut = await PrincipalAsync("bob");
        await Accounts.EndSessionsAsync(signedOut, TestContext.Current.CancellationToken);
        Assert.False(await ValidateAsync(signedOut));

        var reset = await PrincipalAsync("bob");
        var bob = (await Accounts.ListUsersAsync(TestContext.Current.CancellationToken)).Single(user => user.UserName == "bob");
        Assert.True((await Accounts.ResetPasswordAsync(bob.Id, "a brand new passphrase", TestContext.Current.CancellationToken)).Succeeded);
        Assert.False(await ValidateAsync(reset));
        Assert.True((await Accounts.CheckPasswordAsync("bob", "a brand new passphrase", TestContext.Current.CancellationToken)).Succeeded);

        var long_session = await PrincipalAsync("bob");
        _time.Advance(TimeSpan.FromHours(13));
        Assert.True(await ValidateAsync(long_session));
        _time.Advance(TimeSpan.FromHours(1.5));
        Assert.False(await ValidateAsync(long_session));
    }

    /// <summary>The principal a cookie would carry for <paramref name="userName"/>, signed in now.</summary>
    private async Task<ClaimsPrincipal> PrincipalAsync(string userName)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<TomUser>>();
        var principal = await factory.CreateAsync((await users.FindByNameAsync(userName))!);
        ((ClaimsIdentity)principal.Identity!).AddClaim(SessionClaims.For(_time.GetUtcNow()));
        return principal;
    }

    private async Task<bool> ValidateAsync(ClaimsPrincipal principal)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var validator = (CircuitSessionValidator)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        return await validator.ValidateForTestAsync(new AuthenticationState(principal), TestContext.Current.CancellationToken);
    }
}
