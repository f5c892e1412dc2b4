using System.Globalization;
using System.Runtime;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// Metrics 3 and 5: a Live page in chromium fed by the hub at 2, 1,000 and 5,000 alerts/s (hub-to-DOM latency, renders,
/// circuit bytes, server CPU), and the server's heap with 50 Live pages open, idle and holding 5,000 rows, then closed.
/// <c>--live-seconds N</c> shortens the 60 s runs; <c>--live-pages N</c> changes the 50 pages.
/// </summary>
public sealed class LiveSection : ISuiteSection
{
    public string Name => "live";

    public async Task<IReadOnlyList<SuiteRow>> RunAsync(SuiteSettings settings, CancellationToken cancellationToken)
    {
        var args = Environment.GetCommandLineArgs();
        var seconds = ArgumentAfter(args, "--live-seconds") ?? 60;
        var pageCount = (int)(ArgumentAfter(args, "--live-pages") ?? 50);
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        await using var server = await LiveServer.StartAsync();

        // Warm-up: JIT and the first circuit, not measured.
        await LiveMeasurement.RateAsync(server, 200, TimeSpan.FromSeconds(3), cancellationToken);
        // A trickle: each render brings one new row, so its bytes show whether the rows already shown are sent again.
        var trickle = await LiveMeasurement.RateAsync(server, 2, TimeSpan.FromSeconds(Math.Min(seconds, 15)), cancellationToken);
        Print(trickle);
        var slow = await LiveMeasurement.RateAsync(server, 1_000, TimeSpan.FromSeconds(seconds), cancellationToken);
        Print(slow);
        var fast = await LiveMeasurement.RateAsync(server, 5_000, TimeSpan.FromSeconds(seconds), cancellationToken);
        Print(fast);
        // The home page: the same grid behind one subscription, with the health lines and the rate chart beside it.
        var home = await LiveMeasurement.RateAsync(server, 1_000, TimeSpan.FromSeconds(seconds), cancellationToken, LiveMeasurement.HomePage);
        Console.Write("home: ");
        Print(home);
        var memory = await LiveMeasurement.MemoryAsync(server, pageCount, 5_000, cancellationToken);
        Console.WriteLine($"memory ({gc}): baseline {memory.BaselineMb:N1} MB, home page {memory.HomePerPageKb:N0} KB/page, idle Live {memory.IdlePerPageKb:N0} KB/page, filled {memory.FilledPerPageKb:N0} KB/page, "
            + $"returned after {memory.SecondsToReturn:N0} s, {memory.RemainingMbAt60s:N1} MB above baseline at the end; "
            + $"{memory.FilledPages} of {memory.Pages} pages showed all rows, {memory.CrashedPages} crashed in chromium, {memory.SubscribersAtEnd} subscriptions left after closing");

        return
        [
            new($"Live page latency at 1,000 alerts/s for {seconds:N0} s, hub → DOM, p99", slow.P99LatencyMs, "ms", slow.MedianLatencyMs, "median",
                "≤ 250 ms, none missing", slow.P99LatencyMs <= 250 && Complete(slow)),
            new($"Live page latency at 5,000 alerts/s for {seconds:N0} s, hub → DOM, p99", fast.P99LatencyMs, "ms", fast.MedianLatencyMs, "median",
                "≤ 1,000 ms, server keeps up", fast.P99LatencyMs <= 1_000 && Complete(fast) && fast.AchievedRate >= 0.95 * fast.TargetRate),
            new("Live page at 1,000 alerts/s: renders", slow.RendersPerSecond, "renders/s", null, null, "a few per second", null),
            new("Live page at 1,000 alerts/s: circuit bytes per render (every row in view is new)", slow.BytesPerRender / 1024, "KiB", null, null, "report", null),
            new("Live page at 2 alerts/s: circuit bytes per render (one new row on top of those shown)", trickle.BytesPerRender / 1024, "KiB", slow.BytesPerRender / 1024, "a render of new rows only (1,000/s)",
                "only what changed: ≤ 0.1 × a render whose rows are all new", trickle.BytesPerRender <= 0.1 * slow.BytesPerRender),
            new("Live page at 1,000 alerts/s: circuit traffic", slow.BytesPerSecond / 1024, "KiB/s", null, null, "report", null),
            new("Live page at 1,000 alerts/s: server process CPU", slow.ServerCpuCores, "cores", null, null, "report", null),
            new("Live page at 5,000 alerts/s: server process CPU", fast.ServerCpuCores, "cores", null, null, "report", null),
            new($"Server heap per Live page holding 5,000 rows ({pageCount} pages, {gc})", memory.FilledPerPageKb, "KB", memory.BaselineMb * 1024, "heap with no pages",
                "≤ 2,048 KB, every page filled", memory.FilledPerPageKb <= 2_048 && memory.FilledPages == memory.Pages),
            new($"Server heap per idle Live circuit ({pageCount} pages, {gc})", memory.IdlePerPageKb, "KB", memory.HomePerPageKb, "home page circuit", "≤ 300 KB", memory.IdlePerPageKb <= 300),
            new($"Home page latency at 1,000 alerts/s for {seconds:N0} s, hub → newest alerts in the DOM, p99", home.P99LatencyMs, "ms", home.MedianLatencyMs, "median",
                "≤ 250 ms, none missing", home.P99LatencyMs <= 250 && Complete(home)),
            new("Home page at 1,000 alerts/s: renders", home.RendersPerSecond, "renders/s", slow.RendersPerSecond, "Live page", "batched like Live: ≤ Live's", home.RendersPerSecond <= Math.Max(slow.RendersPerSecond * 1.2, 1)),
            new("Home page at 1,000 alerts/s: circuit traffic", home.BytesPerSecond / 1024, "KiB/s", slow.BytesPerSecond / 1024, "Live page", "report", null),
            new("Home page at 1,000 alerts/s: server process CPU", home.ServerCpuCores, "cores", slow.ServerCpuCores, "Live page", "report", null),
            new($"Server heap per open home page ({pageCount} pages, {gc})", memory.HomePerPageKb, "KB", memory.IdlePerPageKb, "idle Live circuit", "≤ 300 KB", memory.HomePerPageKb <= 300),
            new($"Heap back within a tenth of the pages' share after closing ({gc})", double.IsNaN(memory.SecondsToReturn) ? 60 : memory.SecondsToReturn, "s", null, null,
                "≤ 60 s", !double.IsNaN(memory.SecondsToReturn)),
        ];
    }

    private static bool Complete(LiveRateResult result) => result.Unrendered == 0 && !result.Skipped && result.PageTotal >= result.Published;

    private static void Print(LiveRateResult result) => Console.WriteLine(
        $"{result.TargetRate:N0}/s (achieved {result.AchievedRate:N0}/s): latency median {result.MedianLatencyMs:N0} ms, p99 {result.P99LatencyMs:N0} ms, "
        + $"{result.Unrendered} never on top, page total {result.PageTotal:N0} of {result.Published:N0}{(result.Skipped ? " (skipped some)" : "")}; "
        + $"{result.RendersPerSecond:N1} renders/s, {result.BytesPerRender / 1024:N1} KiB/render, {result.BytesPerSecond / 1024:N0} KiB/s, CPU {result.ServerCpuCores:N2} cores");

    private static double? ArgumentAfter(string[] args, string name) =>
        Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : null;
}
