using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TomDashboard.Streams;

/// <summary>
/// The streams, counted. Messages handled and consumer lag are read from <see cref="StreamHealthRegistry"/> when the
/// exporter asks, so the streams page and OpenTelemetry show the same figures; decode failures and handler outcomes
/// are added once per batch, not per message.
/// </summary>
public sealed class StreamMetrics
{
    public const string MeterName = "TomDashboard.Streams";
    public const string HandledName = "tomdashboard.stream.messages.handled";
    public const string LagName = "tomdashboard.stream.consumer.lag";
    public const string DecodeFailuresName = "tomdashboard.stream.decode_failures";
    public const string OutcomesName = "tomdashboard.stream.handler.outcomes";

    private readonly Counter<long> _decodeFailures;
    private readonly Counter<long> _outcomes;

    public StreamMetrics(IMeterFactory meters, StreamHealthRegistry streams)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(streams);
        var meter = Meter = meters.Create(MeterName);
        meter.CreateObservableCounter(HandledName, () => Topics(streams, topic => topic.Messages - topic.Failed), "{message}",
            "Stream messages handled without failure (replays included), per stream and topic: the streams page's figure");
        meter.CreateObservableGauge(LagName, () => Topics(streams, topic => topic.Lag), "{message}",
            "Messages in the topic not yet read by the stream's consumer");
        _decodeFailures = meter.CreateCounter<long>(DecodeFailuresName, "{message}", "Stream messages that could not be decoded");
        _outcomes = meter.CreateCounter<long>(OutcomesName, "{message}", "Stream messages by what handling them came to, per stream and topic: Ingested (alerts ingested), Failed or Duplicate");
    }

    public Meter Meter { get; }

    /// <summary>A batch's figures: decode failures and handler outcomes per topic, a few additions per batch.</summary>
    /// <param name="topics">Each message's topic, in the order of <paramref name="statuses"/>.</param>
    public void Batch(string stream, IReadOnlyDictionary<string, int> decodeFailuresByTopic, IReadOnlyList<string> topics, IReadOnlyList<StreamMessageStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(decodeFailuresByTopic);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var (topic, count) in decodeFailuresByTopic)
        {
            _decodeFailures.Add(count, new TagList { { "stream", stream }, { "topic", topic } });
        }

        foreach (var group in statuses.Select((status, index) => (Topic: topics[index], Status: status)).GroupBy(message => message))
        {
            _outcomes.Add(group.Count(), new TagList { { "stream", stream }, { "topic", group.Key.Topic }, { "status", group.Key.Status.ToString() } });
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
