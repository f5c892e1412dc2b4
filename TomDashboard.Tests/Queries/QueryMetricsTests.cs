using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Tutorial;
using TomDashboard.Queries;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Queries;

public sealed class QueryMetricsTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_run_is_counted_by_how_it_ended_and_its_first_row_time_recorded_once()
    {
        using var host = BrokerHost.Build(new Dictionary<string, string?>());
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new QueryMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var recorded = new MeterRecorder(metrics.Meter);
        var runner = new QueryRunner(TimeProvider.System, Options.Create(new AlertGridOptions()), NullLogger<QueryRunner>.Instance, metrics);
        var catalog = host.Services.GetRequiredService<BrokerCatalog>();

        foreach (var name in new[] { "Tatooine", "Tatooine", "Nowhere" })
        {
            var run = runner.Start(catalog.Create("MyBroker"), new MyBrokerParameters { TargetName = name }, Cancellation);
            await foreach (var _ in run.ReadBatchesAsync(Cancellation))
            {
            }

            await run.Completion;
        }

        Assert.Equal(3, recorded.Sum(QueryMetrics.RunsName, ("broker", "MyBroker"), ("status", nameof(QueryRunStatus.Completed))));
        // The run for a name that matches nothing has no first row.
        Assert.Equal(2, recorded.Records(QueryMetrics.FirstRowName));
    }
}
