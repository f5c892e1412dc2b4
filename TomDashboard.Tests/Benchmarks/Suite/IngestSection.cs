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
        var bytesPerAlert = new List<double>();
        var bytesPerTarget = new List<double>();
        var packetBytes = ZtfPackets.Distinct(Math.Min(messages, 200)).Average(packet => (double)packet.Length);
        for (var run = 0; run < 3; run++)
        {
            decode.Add(await IngestMeasurement.DecodesPerSecondAsync(decodeSample, cancellationToken));
            consume.Add(IngestMeasurement.ConsumesPerSecond(packets, messages, cancellationToken));
            var shown = await IngestMeasurement.MessagesPerSecondAsync(packets, messages, HandlerAction.ShowOnly, cancellationToken);
            var created = await IngestMeasurement.MessagesPerSecondAsync(packets, messages, HandlerAction.CreateTarget, cancellationToken);
            showOnly.Add(shown.MessagesPerSecond);
            createTarget.Add(created.MessagesPerSecond);
            bytesPerAlert.Add(shown.BytesPerMessage);
            bytesPerTarget.Add(created.BytesPerMessage);
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
            new("Storage per alert logged (ShowOnly: its message-log row)", SuiteStatistics.Median(bytesPerAlert), "B", packetBytes, "packet size",
                "the log stays small beside the packets", null),
            new("Storage per target (CreateTarget: target, log row, photometry, stamps as given)", SuiteStatistics.Median(bytesPerTarget), "B", packetBytes, "packet size",
                "below the packet's size (was 64 KB per target)", SuiteStatistics.Median(bytesPerTarget) < packetBytes),
        ];
    }
}
