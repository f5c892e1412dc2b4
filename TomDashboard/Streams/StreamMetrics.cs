using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TomDashboard.Streams;

/// <summary>
/// The streams, counted. Alerts ingested and consumer lag are read from <see cref="StreamHealthRegistry"/> when the
/// exporter asks, so the streams page and OpenTelemetry show the same figures; decode failures and handler outcomes
/// are added once per batch, not per message.
/// </summary>
public sealed class StreamMetrics
{
    public const string MeterName = "TomDashboard.Streams";
    public const string IngestedName = "tomdashboard.stream.alerts.ingested";
    public const string LagName = "tomdashboard.stream.consumer.lag";
    public const string DecodeFailuresName = "tomdashboard.stream.decode_failures";
    public const string OutcomesName = "tomdashboard.stream.handler.outcomes";

    private readonly Counter<long> _decodeFailures;
    private readonly Counter<long> _outcomes;

    public StreamMetrics(IMeterFactory meters, StreamHealthRegistry streams)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(streams);
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter(IngestedName, () => Topics(streams, topic => topic.Messages - topic.Failed), "{message}",
            "Stream messages handled without failure, per stream and topic");
        meter.CreateObservableGauge(LagName, () => Topics(streams, topic => topic.Lag), "{message}",
            "Messages in the topic not yet read by the stream's consumer");
        _decodeFailures = meter.CreateCounter<long>(DecodeFailuresName, "{message}", "Stream messages that could not be decoded");
        _outcomes = meter.CreateCounter<long>(OutcomesName, "{message}", "Stream messages by what handling them came to: Ingested, Failed or Duplicate");
    }

    /// <summary>A batch's figures: decode failures per topic and handler outcomes, a few additions per batch.</summary>
    public void Batch(string stream, IReadOnlyDictionary<string, int> decodeFailuresByTopic, IReadOnlyList<StreamMessageStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(decodeFailuresByTopic);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var (topic, count) in decodeFailuresByTopic)
        {
            _decodeFailures.Add(count, new TagList { { "stream", stream }, { "topic", topic } });
        }

        foreach (var group in statuses.GroupBy(status => status))
        {
            _outcomes.Add(group.Count(), new TagList { { "stream", stream }, { "status", group.Key.ToString() } });
        }
    }

    private static IEnumerable<Measurement<long>> Topics(StreamHealthRegistry streams, Func<TopicHealthSnapshot, long?> value)
    {
        foreach (var stream in streams.Snapshot())
        {
            foreach (var topic in stream.Topics)
            {
                if (value(topic) is { } figure)
                {
                    yield return new Measurement<long>(figure, new KeyValuePair<string, object?>("stream", stream.Name), new KeyValuePair<string, object?>("topic", topic.Topic));
                }
            }
        }
    }
}
