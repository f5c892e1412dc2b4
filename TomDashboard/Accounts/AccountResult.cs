using Microsoft.AspNetCore.Identity;

namespace TomDashboard.Accounts;

/// <summary>What an account operation did, in a sentence the page can show.</summary>
public sealed record AccountResult(bool Succeeded, string Message)
{
    public static AccountResult Done(string message) => new(true, message);

    public static AccountResult Refused(string message) => new(false, message);

    public static AccountResult From(IdentityResult result, string success) =>
        result.Succeeded ? Done(success) : Refused(string.Join(" ", result.Errors.Select(error => error.Description)));
}

/// <summary>A user as the administrators' page lists them.</summary>
public sealed record UserSummary(string Id, string UserName, bool IsAdministrator, bool IsLockedOut, DateTimeOffset CreatedAt);

/// <summary>A checked password: either a one-time ticket that the browser exchanges for the cookie, or why not.</summary>
public sealed record SignInCheck(string? Ticket, string? Problem)
{
    public bool Succeeded => Ticket is not null;
}
