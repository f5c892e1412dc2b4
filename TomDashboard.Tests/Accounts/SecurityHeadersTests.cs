using System.Net;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Accounts;

/// <summary>The headers every response carries, the hosts answered, and circuits from other origins.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new TestApp();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/targets")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Every_response_carries_the_policy_and_the_browser_headers(string path)
    {
        using var client = _app.NewClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("SAMEORIGIN", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task A_host_that_is_not_allowed_is_not_answered()
    {
        using var client = _app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.Host = "rebound.attacker.example";

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    [InlineData("http://attacker.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:9999", HttpStatusCode.Forbidden)]
    public async Task The_circuit_is_opened_only_from_a_page_of_this_site(string origin, HttpStatusCode expected)
    {
        using var client = _app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }
}
