namespace TomDashboard.Components.Shared;

/// <summary>Remote URLs become links only when they are web addresses: never <c>javascript:</c> or <c>data:</c>.</summary>
public static class SafeLink
{
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp);
    }
}
