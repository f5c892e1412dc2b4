using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

public sealed class TargetMetricsTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Created_and_merged_counts_match_the_writes_of_a_click_and_a_batch()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new TargetMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var recorded = new MeterRecorder(metrics.Meter);
        var writer = new TargetWriter(database.Factory, new FakeTimeProvider(), NullLogger<TargetWriter>.Instance, metrics: metrics);
        static TargetSubmission Submission(string name, double ra) => new() { Draft = new TargetDraft { Name = name, Ra = ra, Dec = 10 }, Source = "test" };

        await writer.WriteAsync(Submission("ZTF26one", 10), DuplicatePolicy.Refuse, Cancellation);
        // A batch: two new objects, one seen twice (merged), one already stored (merged), one impossible (neither).
        await writer.WriteBatchAsync([Submission("ZTF26two", 20), Submission("ZTF26three", 30), Submission("ZTF26two", 20), Submission("ZTF26one", 10), Submission("ZTF26bad", 400)], Cancellation);

        Assert.Equal(3, recorded.Sum(TargetMetrics.CreatedName));
        Assert.Equal(2, recorded.Sum(TargetMetrics.MergedName));
    }
}
