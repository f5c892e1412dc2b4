using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace TomDashboard.Accounts;

/// <summary>The two requests a circuit cannot do itself: setting the session cookie and clearing it.</summary>
public static class AccountEndpoints
{
    public const string SignInPath = "/account/sign-in";
    public const string SetupPath = "/setup";
    public const string CompleteSignInPath = "/account/complete-sign-in";
    public const string SignedOutPath = "/account/signed-out";
    public const string AccessDeniedPath = "/account/access-denied";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The ticket comes in a form post, so it stays out of addresses, history and request logs. It needs no
        // antiforgery token: only a correct password issues one, for its own account.
        endpoints.MapPost(CompleteSignInPath, CompleteSignInAsync).AllowAnonymous().DisableAntiforgery();
        endpoints.MapGet(SignedOutPath, SignedOutAsync).AllowAnonymous();
    }

    private static async Task<IResult> CompleteSignInAsync(
        [FromForm] string? ticket, [FromForm] string? returnUrl, SignInTickets tickets, UserManager<TomUser> users,
        SignInManager<TomUser> signIns, IOptions<AccountOptions> options, TimeProvider time)
    {
        if (tickets.Redeem(ticket) is not { } redeemed
            || await users.FindByIdAsync(redeemed.UserId) is not { } user
            || !string.Equals(await users.GetSecurityStampAsync(user), redeemed.SecurityStamp, StringComparison.Ordinal))
        {
            return Results.Redirect($"{SignInPath}?problem=expired");
        }

        var now = time.GetUtcNow();
        var properties = new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            IssuedUtc = now,
            ExpiresUtc = now.AddHours(options.Value.SessionHours),
        };
        await signIns.SignInWithClaimsAsync(user, properties, [SessionClaims.For(now)]);
        return Results.Redirect(LocalReturnUrl(returnUrl));
    }

    private static async Task<IResult> SignedOutAsync(SignInManager<TomUser> signIns)
    {
        await signIns.SignOutAsync();
        return Results.Redirect($"{SignInPath}?problem=signed-out");
    }

    /// <summary>Only a path on this site: never another host, a scheme-relative address or a back-slash trick.</summary>
    public static string LocalReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048 || returnUrl[0] != '/')
        {
            return "/";
        }

        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }

        return returnUrl.Any(char.IsControl) || returnUrl.Contains('\\', StringComparison.Ordinal) ? "/" : returnUrl;
    }
}
