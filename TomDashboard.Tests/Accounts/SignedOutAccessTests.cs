using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Accounts;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Accounts;

/// <summary>What a signed-out visitor reaches: every route is discovered from the app, so a new page cannot slip past.</summary>
public sealed class SignedOutAccessTests : IAsyncLifetime
{
    // The only ways in without a session, and why.
    private static readonly string[] OpenRoutes =
    [
        AccountEndpoints.SignInPath, AccountEndpoints.SetupPath, AccountEndpoints.CompleteSignInPath, AccountEndpoints.SignedOutPath,
        "/Error", // the error page must show whatever went wrong
        ObservabilityHosting.LivePath, ObservabilityHosting.ReadyPath, // probes do not sign in; they say states and short reasons only
    ];

    private static readonly Type[] OpenPages = [typeof(TomDashboard.Components.Pages.Account.SignIn), typeof(TomDashboard.Components.Pages.Account.Setup), typeof(TomDashboard.Components.Pages.Error)];

    private TestApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new TestApp();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Every_mapped_route_sends_a_signed_out_visitor_to_sign_in_except_the_open_ones()
    {
        using var client = _app.NewClient();
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => !IsCircuitOrStaticAsset(endpoint))
            .ToList();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} routes were discovered");

        var checkedRoutes = 0;
        foreach (var endpoint in endpoints)
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Fill(endpoint.RoutePattern));
                if (method != "GET")
                {
                    request.Content = new FormUrlEncodedContent([]);
                }

                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                var toSignIn = response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location!.OriginalString.Contains(AccountEndpoints.SignInPath, StringComparison.Ordinal)
                    && response.Headers.Location.OriginalString.Contains("returnUrl=", StringComparison.Ordinal);
                if (OpenRoutes.Contains(template, StringComparer.OrdinalIgnoreCase))
                {
                    Assert.False(toSignIn, $"{method} {template} is open and must not ask to sign in");
                }
                else
                {
                    Assert.True(toSignIn, $"{method} {template} answered {(int)response.StatusCode} {response.Headers.Location} to a signed-out visitor");
                }

                checkedRoutes++;
            }
        }

        Assert.True(checkedRoutes >= endpoints.Count);
    }

    [Fact]
    public void Every_page_component_requires_a_signed_in_user_in_the_circuit_too()
    {
        var pages = typeof(Program).Assembly.GetTypes().Where(type => type.GetCustomAttributes<RouteAttribute>().Any()).ToList();
        Assert.True(pages.Count >= 10);

        foreach (var page in pages)
        {
            var open = page.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
            Assert.Equal(OpenPages.Contains(page), open);
            if (!open)
            {
                Assert.True(page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any(), $"{page.Name} has no [Authorize]");
            }
        }
    }

    [Fact]
    public async Task The_open_pages_answer_and_the_blazor_hub_lets_the_sign_in_page_connect()
    {
        using var client = _app.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(AccountEndpoints.SignInPath, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(AccountEndpoints.SetupPath, TestContext.Current.CancellationToken)).StatusCode);
        using var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    private static bool IsCircuitOrStaticAsset(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern.RawText ?? "";
        return pattern.StartsWith("_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_blazor", StringComparison.Ordinal)
            || endpoint.Metadata.Any(item => item.GetType().Name == "StaticAssetDescriptor");
    }

    /// <summary>The route with a plausible value for each parameter: an id is a number, a catch-all a path.</summary>
    private static string Fill(RoutePattern pattern)
    {
        var path = "/" + pattern.RawText!.TrimStart('/');
        foreach (var parameter in pattern.Parameters)
        {
            var value = parameter.ParameterPolicies.Any(policy => policy.Content is "long" or "int") ? "1" : "sample";
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{\\*{0,2}" + parameter.Name + "[^}]*\\}", value);
        }

        return path;
    }
}
