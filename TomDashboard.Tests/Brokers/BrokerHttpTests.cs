using System.ComponentModel.DataAnnotations;
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
    public void Query_strings_keep_repeated_keys_in_order_and_skip_missing_values() =>
        Assert.Equal("?firstmjd=60000.5&firstmjd=60010&class=SN%20Ia",
            BrokerHttp.Query([new("firstmjd", "60000.5"), new("firstmjd", "60010"), new("oid", null), new("class", "SN Ia")]));
}
