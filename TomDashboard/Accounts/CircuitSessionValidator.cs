using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace TomDashboard.Accounts;

/// <summary>
/// A circuit outlives the request that opened it. Every <see cref="AccountOptions.RevalidateSeconds"/> it checks that
/// its user still exists, has not signed out or been reset (the security stamp), and that the session is not older
/// than the cookie's lifetime. When a check fails the circuit becomes signed out and its page sends the browser to
/// sign in.
/// </summary>
public sealed class CircuitSessionValidator(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<AccountOptions> accountOptions,
    IOptions<IdentityOptions> identityOptions, TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(accountOptions.Value.RevalidateSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        if (SessionClaims.SignedInAtOf(principal) is not { } signedInAt
            || time.GetUtcNow() - signedInAt > TimeSpan.FromHours(accountOptions.Value.SessionHours))
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TomUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        return string.Equals(stamp, await users.GetSecurityStampAsync(user), StringComparison.Ordinal);
    }

    internal Task<bool> ValidateForTestAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        ValidateAuthenticationStateAsync(state, cancellationToken);
}
