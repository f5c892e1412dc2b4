using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Hosting;
using TomDashboard.Queries;
using TomDashboard.Tests.Brokers.Fink;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers;

/// <summary>Broker health moves with real faults from a local HTTP server, through the same HTTP pipeline the app uses.</summary>
public sealed class BrokerHealthTests : IAsyncLifetime
{
    private const string ObjectsPath = "/ztf/api/v1/objects";
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private FakeFink _fink = default!;

    public async ValueTask InitializeAsync() => _fink = await FakeFink.StartAsync();

    public ValueTask DisposeAsync() => _fink.DisposeAsync();

    /// <summary>The faults the HTTP pipeline itself sees fail; the others answer 200 and fail only when the broker reads them.</summary>
    private static readonly HashSet<BrokerFault> FailedCalls = [BrokerFault.ServerError, BrokerFault.Timeout, BrokerFault.RateLimited];

    [Theory]
    [MemberData(nameof(BrokerFaults.All), MemberType = typeof(BrokerFaults))]
    public async Task After_a_fault_the_broker_is_failing_with_the_runs_sentence_and_its_error_rate_rises(BrokerFault fault)
    {
        using var host = _fink.BuildHost(timeoutSeconds: 1, retries: 0);
        var health = host.Services.GetRequiredService<BrokerHealth>();
        await RunAsync(host, health);
        var healthy = health.Snapshot("Fink");
        Assert.Equal((1, 0, 0.0), (healthy.Calls, healthy.Failures, healthy.ErrorRate));
        Assert.NotNull(healthy.LastSuccessAt);
        Assert.Null(healthy.LastError);

        _fink.Faults[ObjectsPath] = fault;
        await RunAsync(host, health);

        var figures = health.Snapshot("Fink");
        Assert.Equal(2, figures.Calls);
        if (fault == BrokerFault.CutMidBody)
        {
            // The cut lands inside the call or after it, as the sockets' buffering decides: either is right.
            Assert.True(figures.ErrorRate is 0.0 or 0.5, $"error rate {figures.ErrorRate}");
        }
        else
        {
            Assert.Equal(FailedCalls.Contains(fault) ? 0.5 : 0.0, figures.ErrorRate);
        }

        Assert.StartsWith(BrokerFaults.ExpectedFeedback("Fink", fault), figures.LastError, StringComparison.Ordinal);
        Assert.NotNull(figures.LatencyP50);
        if (fault == BrokerFault.Timeout)
        {
            Assert.True(figures.LatencyP95 >= TimeSpan.FromSeconds(0.9), $"p95 {figures.LatencyP95} should include the 1 s timeout");
        }

        var line = Assert.Single(health.Lines(host.Services.GetRequiredService<BrokerCatalog>()), each => each.Broker.Name == "Fink");
        Assert.Equal(BrokerHealthState.Failing, line.State);
        Assert.Equal(figures.LastError, line.Summary);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_breaker_and_the_health_says_so()
    {
        _fink.Faults[ObjectsPath] = BrokerFault.ServerError;
        using var host = _fink.BuildHost(timeoutSeconds: 1, retries: 0);
        var health = host.Services.GetRequiredService<BrokerHealth>();
        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(BrokerHttp.ClientName("Fink"));

        // The standard breaker opens after 100 calls with 10% failures within its sampling window.
        var calls = 0;
        while (health.Snapshot("Fink").Circuit != BrokerCircuitState.Open && calls < 400)
        {
            try
            {
                using var response = await http.PostAsync(new Uri(_fink.ZtfBaseUrl + "/api/v1/objects"), new StringContent("{}"), Cancellation);
            }
            catch (Polly.CircuitBreaker.BrokenCircuitException)
            {
            }

            calls++;
        }

        var figures = health.Snapshot("Fink");
        Assert.Equal(BrokerCircuitState.Open, figures.Circuit);
        Assert.Equal(1.0, figures.ErrorRate);
        var line = Assert.Single(health.Lines(host.Services.GetRequiredService<BrokerCatalog>()), each => each.Broker.Name == "Fink");
        Assert.Equal(BrokerHealthState.Failing, line.State);
        Assert.Contains("circuit breaker opened", line.Summary, StringComparison.Ordinal);

        // While open, calls do not reach the broker, and count as failed.
        var reached = _fink.CallsTo(ObjectsPath).Count;
        await Assert.ThrowsAsync<Polly.CircuitBreaker.BrokenCircuitException>(() => http.PostAsync(new Uri(_fink.ZtfBaseUrl + "/api/v1/objects"), new StringContent("{}"), Cancellation));
        Assert.Equal(reached, _fink.CallsTo(ObjectsPath).Count);
        Assert.Equal(figures.Calls + 1, health.Snapshot("Fink").Calls);
    }

    [Fact]
    public async Task A_honoured_retry_after_wait_is_counted_and_the_call_that_then_succeeded_is_not_a_failure()
    {
        var requests = 0;
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[]", context.RequestAborted);
        });
        using var host = BrokerHost.Build(new Dictionary<string, string?>
        {
            ["Brokers:Fink:ZtfBaseUrl"] = server.At("ztf").ToString(),
            ["Brokers:Fink:LsstBaseUrl"] = server.At("lsst").ToString(),
            ["Brokers:Fink:TimeoutSeconds"] = "10",
            ["Brokers:Fink:Retries"] = "2",
        }, builder => builder.Services.AddBroker<FinkBroker, FinkOptions>(builder.Configuration));
        var health = host.Services.GetRequiredService<BrokerHealth>();

        await RunAsync(host, health);

        var figures = health.Snapshot("Fink");
        Assert.Equal(2, requests);
        Assert.Equal((1, 0, 1), (figures.Calls, figures.Failures, figures.RetryAfterWaits));
        Assert.Equal(TimeSpan.FromSeconds(1), figures.RetryAfterWaited);
        Assert.True(figures.LatencyP50 >= TimeSpan.FromSeconds(0.9), $"the call took {figures.LatencyP50}, the wait included");
    }

    [Fact]
    public async Task In_the_app_a_broker_that_needs_configuration_says_what_to_set_and_one_never_called_is_available()
    {
        await using var app = new TestApp();

        var lines = app.Services.GetRequiredService<BrokerHealth>().Lines(app.Services.GetRequiredService<BrokerCatalog>());

        var lasair = Assert.Single(lines, line => line.Broker.Name == "Lasair");
        Assert.Equal(BrokerHealthState.NeedsConfiguration, lasair.State);
        Assert.Contains("Brokers__Lasair__ZtfToken", lasair.Summary, StringComparison.Ordinal);
        var tutorial = Assert.Single(lines, line => line.Broker.Name == "MyBroker");
        Assert.Equal((BrokerHealthState.Available, 0, null), (tutorial.State, tutorial.Figures.Calls, tutorial.Figures.ErrorRate));
    }

    private static async Task RunAsync(Microsoft.Extensions.Hosting.IHost host, BrokerHealth health)
    {
        var runner = new QueryRunner(TimeProvider.System, Options.Create(new AlertGridOptions()), NullLogger<QueryRunner>.Instance, health: health);
        var run = runner.Start(host.Services.GetRequiredService<BrokerCatalog>().Create("Fink"), new FinkParameters { ObjectIds = "ZTF21abfmbix" }, Cancellation);
        await foreach (var _ in run.ReadBatchesAsync(Cancellation))
        {
        }

        await run.Completion;
    }
}
