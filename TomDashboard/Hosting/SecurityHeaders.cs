namespace TomDashboard.Hosting;

/// <summary>
/// What every response says to the browser. The content security policy allows what Blazor, MudBlazor and the chart
/// need (their scripts from this site, inline style attributes, images drawn as data: URIs) and nothing else: no
/// inline or remote script, no plugins, no framing by other sites.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "SAMEORIGIN";
            // Alert links open broker pages: they learn nothing of this dashboard's addresses.
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        await next(context);
    });

    /// <summary>
    /// The circuit's negotiate and WebSocket requests must come from a page of this site: a page elsewhere (or a DNS
    /// rebinding trick) must not open a circuit with the user's cookie.
    /// </summary>
    public static IApplicationBuilder UseSameOriginCircuits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/_blazor") && !IsSameOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Cross-origin circuits are refused.");
            return;
        }

        await next(context);
    });

    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // Browsers send Origin with every WebSocket and cross-origin request; a request without one is not a page's.
            return !request.Headers.Upgrade.Any(value => string.Equals(value, "websocket", StringComparison.OrdinalIgnoreCase));
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals($"{uri.Host}:{(uri.IsDefaultPort ? DefaultPort(uri.Scheme) : uri.Port)}", HostAndPort(request), StringComparison.OrdinalIgnoreCase);
    }

    private static string HostAndPort(HttpRequest request) =>
        $"{request.Host.Host}:{request.Host.Port ?? DefaultPort(request.Scheme)}";

    private static int DefaultPort(string scheme) => string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
}
