using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Queries;

namespace TomDashboard.Benchmarks;

/// <summary>
/// A query run of 50,000 alerts, from broker to the list the grid shows, as the run page does it:
/// how long until the last alert is on the page, how many renders that takes, and what it allocates.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class QueryRunBenchmarks
{
    private QueryRunner _runner = default!;

    [Params(150)]
    public int RenderIntervalMilliseconds { get; set; }

    [Params(50_000)]
    public int Alerts { get; set; }

    [GlobalSetup]
    public void Setup() => _runner = new QueryRunner(
        TimeProvider.System,
        Options.Create(new AlertGridOptions { MaxRows = 1_000_000, BufferCapacity = 10_000, RenderIntervalMilliseconds = RenderIntervalMilliseconds }),
        NullLogger<QueryRunner>.Instance);

    [Benchmark(Description = "Run 50k alerts to the grid")]
    public async Task<int> RunToGrid()
    {
        var run = _runner.Start(new GeneratedBroker(), new GeneratedParameters { Count = Alerts }, CancellationToken.None);
        var shown = new List<GenericAlert>();
        var gridItems = shown.AsReadOnly();
        var renders = 0;
        await foreach (var batch in run.ReadBatchesAsync(CancellationToken.None))
        {
            foreach (var result in batch)
            {
                if (result is AlertReceived received)
                {
                    shown.Add(received.Alert);
                }
            }

            gridItems = shown.AsReadOnly();
            renders++;
        }

        await run.Completion;
        return gridItems.Count + renders;
    }
}
