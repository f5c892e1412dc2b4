using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Alerce;
using TomDashboard.Brokers.Tutorial;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// Metrics 4 and 5c: query runs as a user waits on them, from the click on Run to the rows in chromium's DOM, against
/// real local HTTP brokers; and what the server's memory holds after a 50,000-row run, and 30 s after its page closed.
/// </summary>
public sealed class QueryRunSection : ISuiteSection
{
    private const int Pages = 10;
    private const int PageSize = 100;
    private const int BigRun = 50_000;
    private const int TimedRuns = 5;
    private const int BigRuns = 3;
    private static readonly TimeSpan PageLatency = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AfterClose = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    public string Name => "queryrun";

    public async Task<IReadOnlyList<SuiteRow>> RunAsync(SuiteSettings settings, CancellationToken cancellationToken)
    {
        await using var brokers = await QueryRunBrokerServer.StartAsync(Pages, PageSize, PageLatency, BigRun);
        await using var dashboard = await QueryRunDashboard.StartAsync(brokers);
        using var http = new HttpClient();
        var paged = await dashboard.SaveQueryAsync("Ten pages", AlerceBroker.BrokerName, new AlerceParameters { PageSize = PageSize, MaxPages = Pages }, cancellationToken);
        var big = await dashboard.SaveQueryAsync("Fifty thousand", "MyBroker", new MyBrokerParameters { TargetName = QueryRunBrokerServer.TargetName }, cancellationToken);

        // Metric 4: a paged broker. One warm-up run, then medians; the first page's own latency is read between runs.
        var firstPage = new List<double>();
        var firstRow = new List<double>();
        var lastRow = new List<double>();
        var firstOverLast = new List<double>();
        for (var run = 0; run <= TimedRuns; run++)
        {
            var latency = await brokers.FirstPageLatencyAsync(http, cancellationToken);
            var (timing, page) = await dashboard.RunAsync(paged, Pages * PageSize, RunTimeout);
            await QueryRunDashboard.CloseAsync(page);
            Console.WriteLine($"paged run {run}{(run == 0 ? " (warm-up)" : "")}: first page {latency.TotalMilliseconds:N0} ms, first row {timing.FirstRow.TotalMilliseconds:N0} ms, last row {timing.LastRow.TotalMilliseconds:N0} ms");
            if (run > 0)
            {
                firstPage.Add(latency.TotalMilliseconds);
                firstRow.Add(timing.FirstRow.TotalMilliseconds);
                lastRow.Add(timing.LastRow.TotalMilliseconds);
                firstOverLast.Add(timing.FirstRow / timing.LastRow);
            }
        }

        // The 50,000-row body: one warm-up, then medians of the last row against 2 × first row + the bare transfer.
        var transfer = new List<double>();
        var bigFirst = new List<double>();
        var bigLast = new List<double>();
        for (var run = 0; run <= BigRuns; run++)
        {
            var transferTime = await brokers.TransferTimeAsync(http, cancellationToken);
            var (timing, page) = await dashboard.RunAsync(big, BigRun, RunTimeout);
            await QueryRunDashboard.CloseAsync(page);
            Console.WriteLine($"50k run {run}{(run == 0 ? " (warm-up)" : "")}: transfer {transferTime.TotalMilliseconds:N0} ms, first row {timing.FirstRow.TotalMilliseconds:N0} ms, last row {timing.LastRow.TotalMilliseconds:N0} ms");
            if (run > 0)
            {
                transfer.Add(transferTime.TotalMilliseconds);
                bigFirst.Add(timing.FirstRow.TotalMilliseconds);
                bigLast.Add(timing.LastRow.TotalMilliseconds);
            }
        }

        // Memory (metric 5c), in this process, which is the server: live bytes after a full GC, against the baseline
        // before the run. The rows' own size is the same 50,000 rows made by the same broker, held alone.
        var brokerAlone = new List<double>();
        long rowsOwnSize = 0;
        for (var run = 0; run < 3; run++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            rowsOwnSize = await RowsOwnSizeAsync(dashboard.Services, watch, cancellationToken);
            brokerAlone.Add(watch.Elapsed.TotalMilliseconds);
        }

        // The timed runs' closed pages may still be let go of: the baseline is taken once the heap has settled.
        var before = await SettledLiveBytesAsync(cancellationToken);
        var (_, open) = await dashboard.RunAsync(big, BigRun, RunTimeout);
        var afterRun = LiveBytes() - before;
        await QueryRunDashboard.CloseAsync(open);
        var afterClose = afterRun;
        for (var waited = TimeSpan.Zero; waited < AfterClose; waited += TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            afterClose = LiveBytes() - before;
            Console.WriteLine($"{(waited + TimeSpan.FromSeconds(5)).TotalSeconds:N0} s after closing: {Mib(afterClose):N1} MiB above the baseline");
        }

        var heap = GC.GetGCMemoryInfo(GCKind.Any);
        Console.WriteLine($"memory: rows alone {Mib(rowsOwnSize):N1} MiB; after the run {Mib(afterRun):N1} MiB; 30 s after closing {Mib(afterClose):N1} MiB (heap {Mib(heap.HeapSizeBytes):N1} MiB, committed {Mib(heap.TotalCommittedBytes):N1} MiB)");

        var pageMs = SuiteStatistics.Median(firstPage);
        var firstMs = SuiteStatistics.Median(firstRow);
        var ratio = SuiteStatistics.Median(firstOverLast);
        var transferMs = SuiteStatistics.Median(transfer);
        var bigFirstMs = SuiteStatistics.Median(bigFirst);
        var bigLastMs = SuiteStatistics.Median(bigLast);
        var bigBudget = (2 * bigFirstMs) + transferMs;
        return
        [
            new($"First page of a paged broker, plain HttpClient ({PageSize} objects, {PageLatency.TotalMilliseconds:N0} ms server latency)", pageMs, "ms", null, null, "baseline", null),
            new($"Time to first row: click Run → row in chromium's DOM (ALeRCE, {Pages} pages × {PageSize}, local HTTP)", firstMs, "ms", pageMs, "first page",
                "≤ first page + 100 ms", firstMs <= pageMs + 100),
            new($"Last of {Pages * PageSize:N0} rows in the DOM (same runs)", SuiteStatistics.Median(lastRow), "ms", null, null, "", null),
            new("First row / last row (median of per-run ratios)", ratio, "", null, null, "≤ 0.15", ratio <= 0.15),
            new($"MyBroker body of {BigRun:N0} alerts ({Mib(brokers.MyBrokerBody.Length):N1} MiB), read to its end by HttpClient", transferMs, "ms", null, null, "baseline", null),
            new($"MyBroker alone: {BigRun:N0} rows read, mapped and handed on (no page)", SuiteStatistics.Median(brokerAlone), "ms", transferMs, "transfer", "", null),
            new($"First of {BigRun:N0} MyBroker rows in the DOM", bigFirstMs, "ms", transferMs, "transfer", "", null),
            new($"Last of {BigRun:N0} rows in the DOM (the count reads {BigRun:N0})", bigLastMs, "ms", bigBudget, "2 × first row + transfer",
                "≤ 2 × first row + transfer", bigLastMs <= bigBudget),
            new($"Rows' own size ({BigRun:N0} MyBroker rows, held alone)", Mib(rowsOwnSize), "MiB", null, null, "baseline", null),
            new($"Server memory after the finished {BigRun:N0}-row run, page open (above the pre-run baseline)", Mib(afterRun), "MiB", Mib(rowsOwnSize), "rows' own size",
                "≤ 2 × rows' own size", afterRun <= 2 * rowsOwnSize),
            new($"Server memory {AfterClose.TotalSeconds:N0} s after its page closed (above the pre-run baseline)", Mib(afterClose), "MiB", Mib(rowsOwnSize), "rows' own size",
                "≤ 0.1 × rows' own size (returned)", afterClose <= 0.1 * rowsOwnSize),
        ];
    }

    /// <summary>The rows a run of the big query makes, collected alone: their live bytes after a full GC.</summary>
    private static async Task<long> RowsOwnSizeAsync(IServiceProvider services, System.Diagnostics.Stopwatch producing, CancellationToken cancellationToken)
    {
        var broker = services.GetRequiredService<BrokerCatalog>().Create("MyBroker");
        // Settled first: circuits of the timed runs may still be going, and would be counted against the rows.
        var before = await SettledLiveBytesAsync(cancellationToken);
        producing.Restart();
        var rows = new List<GenericAlert>();
        var results = Channel.CreateUnbounded<BrokerResult>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var run = broker.RunAsync(new MyBrokerParameters { TargetName = QueryRunBrokerServer.TargetName }, results.Writer, BigRun, cancellationToken)
            .ContinueWith(_ => results.Writer.Complete(), cancellationToken, TaskContinuationOptions.None, TaskScheduler.Default);
        await foreach (var result in results.Reader.ReadAllAsync(cancellationToken))
        {
            if (result is AlertReceived received)
            {
                rows.Add(received.Alert);
            }
        }

        await run;
        producing.Stop();
        rows.TrimExcess();
        var size = LiveBytes() - before;
        GC.KeepAlive(rows);
        return rows.Count == BigRun ? size : throw new InvalidOperationException($"MyBroker made {rows.Count} rows, not {BigRun}.");
    }

    /// <summary>Live bytes once two readings 3 s apart differ by less than 1 MiB (at most a minute).</summary>
    private static async Task<long> SettledLiveBytesAsync(CancellationToken cancellationToken)
    {
        var previous = LiveBytes();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            var current = LiveBytes();
            if (Math.Abs(current - previous) < 1024 * 1024)
            {
                return current;
            }

            Console.WriteLine($"heap still settling: {Mib(previous):N1} → {Mib(current):N1} MiB");
            previous = current;
        }

        return previous;
    }

    private static long LiveBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Mib(long bytes) => bytes / 1024.0 / 1024.0;
}
