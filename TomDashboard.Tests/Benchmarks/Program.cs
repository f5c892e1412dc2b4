using BenchmarkDotNet.Running;
using TomDashboard.Benchmarks.Suite;
using TomDashboard.Streams;

namespace TomDashboard.Benchmarks;

public static class BenchmarkProgram
{
    // dotnet run -c Release --project TomDashboard.Tests/Benchmarks -- --table     (the suite's table)
    // dotnet run -c Release --project TomDashboard.Tests/Benchmarks -- --filter '*' (BenchmarkDotNet micro-benchmarks)
    public static async Task Main(string[] args)
    {
        if (args.Contains("--table"))
        {
            await RunSuiteAsync(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }

    private static async Task RunSuiteAsync(string[] args)
    {
        var messages = ArgumentAfter(args, "--messages") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var output = ArgumentAfter(args, "--out") ?? "BenchmarkDotNet.Artifacts/suite";
        var cancellation = CancellationToken.None;
        // Packets are made as each run produces them, so the process never holds them all (their GC would be measured too).
        var packets = ZtfPackets.Distinct(messages);
        var decodeSample = ZtfPackets.Distinct(Math.Min(messages, 2_000));

        // Each figure is the median of three runs; the decoder's own rate is measured between them, in the same run.
        var decode = new List<double>();
        var consume = new List<double>();
        var showOnly = new List<double>();
        var createTarget = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            decode.Add(await IngestMeasurement.DecodesPerSecondAsync(decodeSample, cancellation));
            consume.Add(IngestMeasurement.ConsumesPerSecond(packets, messages, cancellation));
            showOnly.Add(await IngestMeasurement.MessagesPerSecondAsync(packets, messages, HandlerAction.ShowOnly, cancellation));
            createTarget.Add(await IngestMeasurement.MessagesPerSecondAsync(packets, messages, HandlerAction.CreateTarget, cancellation));
            Console.WriteLine($"run {run + 1}: decode {decode[^1]:N0}/s, consume only {consume[^1]:N0}/s, ShowOnly {showOnly[^1]:N0}/s, CreateTarget {createTarget[^1]:N0}/s");
        }

        var decodeRate = Median(decode);
        var consumeRate = Median(consume);
        var showOnlyRate = Median(showOnly);
        var createRate = Median(createTarget);
        SuiteRow[] rows =
        [
            new("Decode only (ZTF packet, one core)", decodeRate, "msg/s", null, null, "baseline", null),
            new("Kafka consume only (the mock cluster, nothing done)", consumeRate, "msg/s", null, null, "baseline", null),
            new($"Ingest, ShowOnly ({messages:N0} ZTF packets via Kafka, log, hub)", showOnlyRate, "msg/s", decodeRate, "decode only",
                "≥ 3,000 msg/s and ≥ 0.5 × decode", showOnlyRate >= 3_000 && showOnlyRate >= 0.5 * decodeRate),
            new("Ingest, ShowOnly against Kafka alone", showOnlyRate, "msg/s", consumeRate, "consume only", "share of the Kafka ceiling", null),
            new($"Ingest, CreateTarget for every alert ({messages:N0})", createRate, "msg/s", showOnlyRate, "ShowOnly",
                "≥ 1,000 msg/s", createRate >= 1_000),
        ];
        await SuiteTable.WriteAsync(rows, output, cancellation);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? ArgumentAfter(string[] args, string name) =>
        Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
