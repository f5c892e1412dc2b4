using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers;

public sealed class PagedParameters
{
    [Range(1, 10)]
    public int Pages { get; set; } = 2;
}

public sealed class PagedOptions : BrokerOptions
{
    public string? BaseUrl { get; set; }

    /// <summary>Paged's requests carry a key (in the tests' imagination), so a 401 can name its setting.</summary>
    public override string? CredentialSetting(Uri? requestUri) => "Brokers:Paged:ApiKey";
}

/// <summary>A minimal paged JSON broker on the shared HTTP helpers: each page is a JSON array of names.</summary>
[Broker("Paged", ScoreDescription = "none")]
public sealed class PagedBroker(HttpClient http, PagedOptions options) : Broker<PagedParameters, string>
{
    public override async IAsyncEnumerable<string> FetchAlertsAsync(PagedParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; page <= parameters.Pages; page++)
        {
            using var json = await http.GetJsonAsync(new Uri($"{options.BaseUrl}/items{BrokerHttp.Query([new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))])}"), cancellationToken);
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new BrokerResponseException($"page {page} is not a list of items");
            }

            foreach (var item in json.RootElement.EnumerateArray())
            {
                yield return item.GetString() ?? "";
            }
        }
    }

    public override GenericAlert ToGenericAlert(string alert) => new() { Id = alert, Name = alert, Source = Name };
}

/// <summary>The shared HTTP behaviour every broker inherits: readable feedback for each fault, earlier pages kept.</summary>
public sealed class BrokerHttpTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(BrokerFaults.All), MemberType = typeof(BrokerFaults))]
    public async Task Each_fault_on_page_two_gives_readable_feedback_and_keeps_page_one(BrokerFault fault)
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.Request.Query["page"] == "1"
            ? context.Response.WriteAsync("[\"first\", \"second\"]", Cancellation)
            : BrokerFaults.RespondAsync(context, fault));
        using var host = BrokerHost.Build(
            new Dictionary<string, string?>
            {
                ["Brokers:Paged:BaseUrl"] = server.Address.ToString().TrimEnd('/'),
                ["Brokers:Paged:TimeoutSeconds"] = "1",
                ["Brokers:Paged:Retries"] = "0",
            },
            builder => builder.Services.AddBroker<PagedBroker, PagedOptions>(builder.Configuration));
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Paged");

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new PagedParameters(), Cancellation);

        Assert.Equal(["first", "second"], alerts.Select(alert => alert.Name));
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.StartsWith(BrokerFaults.ExpectedFeedback("Paged", fault), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_retry_after_is_honoured_and_the_retry_succeeds()
    {
        var attempts = new List<DateTimeOffset>();
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            attempts.Add(DateTimeOffset.UtcNow);
            if (attempts.Count == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync("[\"after the wait\"]", Cancellation);
        });
        using var host = BrokerHost.Build(
            new Dictionary<string, string?> { ["Brokers:Paged:BaseUrl"] = server.Address.ToString().TrimEnd('/'), ["Brokers:Paged:Retries"] = "2" },
            builder => builder.Services.AddBroker<PagedBroker, PagedOptions>(builder.Configuration));
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Paged");

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new PagedParameters { Pages = 1 }, Cancellation);

        Assert.Empty(feedback);
        Assert.Equal(["after the wait"], alerts.Select(alert => alert.Name));
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromSeconds(0.9), $"the retry waited {(attempts[1] - attempts[0]).TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_broker_that_never_answers_ends_the_run_within_its_timeout_retries_included()
    {
        await using var server = await LocalHttpServer.StartAsync(context => BrokerFaults.RespondAsync(context, BrokerFault.Timeout));
        using var host = BrokerHost.Build(
            new Dictionary<string, string?>
            {
                ["Brokers:Paged:BaseUrl"] = server.Address.ToString().TrimEnd('/'),
                ["Brokers:Paged:TimeoutSeconds"] = "2",
                ["Brokers:Paged:Retries"] = "3",
            },
            builder => builder.Services.AddBroker<PagedBroker, PagedOptions>(builder.Configuration));
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Paged");

        var clock = Stopwatch.StartNew();
        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new PagedParameters { Pages = 1 }, Cancellation);
        clock.Stop();

        Assert.Empty(alerts);
        Assert.Equal(
            "Paged did not answer within 2 s. The alerts already received are kept; try again later, narrow the query, or allow more time (Brokers:Paged:TimeoutSeconds).",
            Assert.Single(feedback).Message);
        // Before, each of the four attempts had the whole 2 s: about 8 s plus back-off.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.5), $"the run took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task When_the_time_runs_out_between_retries_the_failure_being_retried_is_what_the_run_says()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "2";
            return Task.CompletedTask;
        });
        using var host = BrokerHost.Build(
            new Dictionary<string, string?>
            {
                ["Brokers:Paged:BaseUrl"] = server.Address.ToString().TrimEnd('/'),
                ["Brokers:Paged:TimeoutSeconds"] = "3",
                ["Brokers:Paged:Retries"] = "3",
            },
            builder => builder.Services.AddBroker<PagedBroker, PagedOptions>(builder.Configuration));
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Paged");

        var clock = Stopwatch.StartNew();
        var (_, feedback) = await BrokerHost.RunAsync(broker, new PagedParameters { Pages = 1 }, Cancellation);
        clock.Stop();

        // Asked at 0 s and 2 s; the third try would start at 4 s, past the 3 s allowed.
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(
            "Paged answered with an error (HTTP 503 Service Unavailable). It was asked again until the 3 s allowed (Brokers:Paged:TimeoutSeconds) ran out.",
            Assert.Single(feedback).Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"the run took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_refused_request_names_the_setting_that_holds_the_broker_credential()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsync("{\"detail\": \"Invalid API key.\"}", Cancellation);
        });
        using var host = BrokerHost.Build(
            new Dictionary<string, string?> { ["Brokers:Paged:BaseUrl"] = server.Address.ToString().TrimEnd('/'), ["Brokers:Paged:Retries"] = "0" },
            builder => builder.Services.AddBroker<PagedBroker, PagedOptions>(builder.Configuration));
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Paged");

        var (_, feedback) = await BrokerHost.RunAsync(broker, new PagedParameters { Pages = 1 }, Cancellation);

        Assert.Equal(
            "Paged refused the request (HTTP 401 Unauthorized): check the token in Brokers:Paged:ApiKey (environment variable Brokers__Paged__ApiKey). "
            + "It said: {\"detail\": \"Invalid API key.\"}",
            Assert.Single(feedback).Message);
    }

    [Fact]
    public void Query_strings_keep_repeated_keys_in_order_and_skip_missing_values() =>
        Assert.Equal("?firstmjd=60000.5&firstmjd=60010&class=SN%20Ia",
            BrokerHttp.Query([new("firstmjd", "60000.5"), new("firstmjd", "60010"), new("oid", null), new("class", "SN Ia")]));
}
