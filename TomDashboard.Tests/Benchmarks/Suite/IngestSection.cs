using TomDashboard.Streams;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>Metrics 1 and 2: ZTF packets through the mock cluster, against the decoder and Kafka alone.</summary>
public sealed class IngestSection : ISuiteSection
{
    public string Name => "ingest";

    public async Task<IReadOnlyList<SuiteRow>> RunAsync(SuiteSettings settings, CancellationToken cancellationToken)
    {
        var messages = settings.Messages;
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
            decode.Add(await IngestMeasurement.DecodesPerSecondAsync(decodeSample, cancellationToken));
            consume.Add(IngestMeasurement.ConsumesPerSecond(packets, messages, cancellationToken));
            showOnly.Add(await IngestMeasurement.MessagesPerSecondAsync(packets, messages, HandlerAction.ShowOnly, cancellationToken));
            createTarget.Add(await IngestMeasurement.MessagesPerSecondAsync(packets, messages, HandlerAction.CreateTarget, cancellationToken));
            Console.WriteLine($"run {run + 1}: decode {decode[^1]:N0}/s, consume only {consume[^1]:N0}/s, ShowOnly {showOnly[^1]:N0}/s, CreateTarget {createTarget[^1]:N0}/s");
        }

        var decodeRate = SuiteStatistics.Median(decode);
        var consumeRate = SuiteStatistics.Median(consume);
        var showOnlyRate = SuiteStatistics.Median(showOnly);
        var createRate = SuiteStatistics.Median(createTarget);
        return
        [
            new("Decode only (ZTF packet, one core)", decodeRate, "msg/s", null, null, "baseline", null),
            new("Kafka consume only (the mock cluster, nothing done)", consumeRate, "msg/s", null, null, "baseline", null),
            new($"Ingest, ShowOnly ({messages:N0} ZTF packets via Kafka, log, hub)", showOnlyRate, "msg/s", decodeRate, "decode only",
                "≥ 3,000 msg/s and ≥ 0.5 × decode", showOnlyRate >= 3_000 && showOnlyRate >= 0.5 * decodeRate),
            new("Ingest, ShowOnly against Kafka alone", showOnlyRate, "msg/s", consumeRate, "consume only", "share of the Kafka ceiling", null),
            new($"Ingest, CreateTarget for every alert ({messages:N0})", createRate, "msg/s", showOnlyRate, "ShowOnly",
                "≥ 1,000 msg/s", createRate >= 1_000),
        ];
    }
}
