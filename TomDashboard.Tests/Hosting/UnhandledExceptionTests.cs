using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Accounts;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Hosting;

/// <summary>
/// An exception nobody catches: in Production the visitor gets the app's error answer (500), never the developer
/// exception page, the exception's type or message, or a stack trace. Two ways to throw: a service the CSV export needs
/// cannot be built, and a branch at the end of the pipeline (after every endpoint) that throws.
/// </summary>
public sealed class UnhandledExceptionTests
{
    private const string Passphrase = "a long enough passphrase";

    /// <summary>In the exception's message, so a page that shows the message is caught by it.</summary>
    private const string Detail = "internal-detail-9f41c2 at /srv/tomdashboard/secret/path";

    private const string ThrowingPath = "/test/throws";

    [Fact]
    public async Task In_production_a_failing_export_answers_500_without_the_exception_or_a_stack_trace()
    {
        var thrown = new Counter();
        await using var app = new TestApp(services: services => BreakExport(services, thrown), environment: "Production");
        using var client = await SignedInClientAsync(app);

        using var response = await client.GetAsync(TargetCsv.ExportPath, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(thrown.Count > 0, "the export's service was never asked for, so nothing threw");
        AssertNothingLeaks(response, body);
    }

    [Fact]
    public async Task In_production_an_exception_at_the_end_of_the_pipeline_answers_500_without_a_stack_trace()
    {
        var thrown = new Counter();
        await using var app = new TestApp(services: services => services.AddSingleton<IStartupFilter>(new ThrowingBranch(thrown)), environment: "Production");
        using var client = await SignedInClientAsync(app);

        using var response = await client.GetAsync(ThrowingPath, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(thrown.Count > 0, "the throwing branch was never reached");
        AssertNothingLeaks(response, body);
    }

    [Fact]
    public async Task In_development_a_signed_out_request_to_a_failing_export_is_sent_to_sign_in_without_details()
    {
        var thrown = new Counter();
        await using var app = new TestApp(services: services => BreakExport(services, thrown));
        using var client = app.NewClient();

        using var response = await client.GetAsync(TargetCsv.ExportPath, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(AccountEndpoints.SignInPath, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(0, thrown.Count);
        AssertNoDetails(body);
    }

    [Fact]
    public async Task In_development_the_developer_page_shows_the_detail_which_is_what_the_checks_above_look_for()
    {
        // The same failure, signed in, in Development: the page the Production tests must never see, so their checks can fail.
        var thrown = new Counter();
        await using var app = new TestApp(services: services => BreakExport(services, thrown));
        using var client = await SignedInClientAsync(app);

        using var response = await client.GetAsync(TargetCsv.ExportPath, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(Detail, body, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => AssertNoDetails(body));
    }

    private static void AssertNothingLeaks(HttpResponseMessage response, string body)
    {
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        // The app's own page (the error page's shell), not the developer exception page or a bare exception dump.
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.web", body, StringComparison.Ordinal);
        AssertNoDetails(body);
    }

    private static void AssertNoDetails(string body)
    {
        foreach (var tell in new[] { "Exception", "exception", "   at ", ".cs:line", "Developer Exception Page", "Stack", "stack trace", Detail, "internal-detail", "InvalidOperation" })
        {
            Assert.False(body.Contains(tell, StringComparison.Ordinal), $"the answer holds \u201c{tell}\u201d:\n{body}");
        }
    }

    private static void BreakExport(IServiceCollection services, Counter thrown) =>
        services.AddSingleton<TargetCsv>(_ =>
        {
            thrown.Increment();
            throw new InvalidOperationException(Detail);
        });

    private static async Task<HttpClient> SignedInClientAsync(TestApp app)
    {
        var accounts = app.Services.GetRequiredService<AccountDirectory>();
        await accounts.CreateFirstAdministratorAsync("ada", Passphrase, TestContext.Current.CancellationToken);
        var ticket = (await accounts.CheckPasswordAsync("ada", Passphrase, TestContext.Current.CancellationToken)).Ticket!;
        var client = app.NewClient();
        using var signedIn = await client.PostAsync(
            AccountEndpoints.CompleteSignInPath,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["ticket"] = ticket, ["returnUrl"] = "/" }),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        return client;
    }

    private sealed class Counter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }

    /// <summary>A branch after the app's whole pipeline: reached only when no endpoint took the request, inside its exception handler.</summary>
    private sealed class ThrowingBranch(Counter thrown) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(ThrowingPath, branch => branch.Run(_ =>
            {
                thrown.Increment();
                throw new InvalidOperationException(Detail);
            }));
        };
    }
}
