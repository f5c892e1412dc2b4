using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using TomDashboard.Alerts;

namespace TomDashboard.Accounts;

/// <summary>
/// The signed-in user of this circuit as permission checks see them. Their groups are read on each call, so a change
/// an administrator makes applies at the next click.
/// </summary>
public sealed class CurrentViewer(AuthenticationStateProvider authentication, TeamGroups groups)
{
    /// <summary>The viewer, or an exception when the circuit is signed out (its page is on the way to sign-in).</summary>
    public async Task<Viewer> GetAsync(CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await ViewerOfAsync(groups, state.User, cancellationToken) ?? throw new SignedOutException();
    }

    /// <summary>The viewer for a request's principal (CSV export), or null when it is not a current user.</summary>
    public static async Task<Viewer?> ViewerOfAsync(TeamGroups groups, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identity?.IsAuthenticated == true && principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? await groups.ViewerAsync(userId, cancellationToken)
            : null;
    }
}

/// <summary>A page asked who is signed in after the session ended.</summary>
public sealed class SignedOutException() : InvalidOperationException("You are signed out; sign in again.");
