using System.Globalization;
using System.Security.Claims;

namespace TomDashboard.Accounts;

/// <summary>When a session began, carried in its principal so that a circuit ends when its cookie does.</summary>
public static class SessionClaims
{
    public const string SignedInAt = "tomdashboard:signed_in_at";

    public static Claim For(DateTimeOffset signedInAt) =>
        new(SignedInAt, signedInAt.UtcTicks.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    public static DateTimeOffset? SignedInAtOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(SignedInAt), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
}
