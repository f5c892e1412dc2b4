using TomDashboard.Alerts;
namespace TomDashboard.Streams;

public enum StreamState
{
    /// <summary>Configured with Active = false.</summary>
    Inactive,

    /// <summary>Its configuration has problems; it does not run.</summary>
    Invalid,

    Connecting,

    Connected,

    /// <summary>Running, but the last attempt failed; it retries with back-off.</summary>
    Failing,

    Stopped,
}

/// <param name="Topic">A topic's name, or a topic rule's pattern while nothing matches it yet.</param>
/// <param name="WaitingForTopic">The rule's topic does not exist yet; it is picked up when it is created.</param>
public sealed record TopicHealthSnapshot(string Topic, long Messages, long Failed, DateTimeOffset? LastMessageAt, long? Lag, bool WaitingForTopic = false);

public sealed record StreamHealthSnapshot(
    string Name,
    StreamKind Kind,
    StreamState State,
    IReadOnlyList<string> Problems,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastMessageAt,
    long Messages,
    long Failed,
    IReadOnlyList<TopicHealthSnapshot> Topics,
    int Rebuilds = 0);

/// <summary>The live state of one stream, written by its worker and read by the streams page.</summary>
public sealed class StreamHealth(string name, StreamKind kind, IReadOnlyList<string> problems)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TopicCounters> _topics = new(StringComparer.Ordinal);
    private StreamState _state = problems.Count > 0 ? StreamState.Invalid : StreamState.Stopped;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastMessageAt;
    private long _messages;
    private long _failed;
    private int _rebuilds;

    public string Name { get; } = name;

    public void Inactive() => Set(StreamState.Inactive);

    public void Connecting() => Set(StreamState.Connecting);

    public void Connected() => Set(StreamState.Connected);

    public void Stopped() => Set(StreamState.Stopped);

    public void Failing(string error, DateTimeOffset at)
    {
        lock (_gate)
        {
            _state = StreamState.Failing;
            _lastError = SecretRedaction.Default.Redact(error);
            _lastErrorAt = at;
        }
    }

    /// <summary>The consumer failed for good and is built again after a pause.</summary>
    public void Rebuilding(string error, DateTimeOffset at)
    {
        lock (_gate)
        {
            _rebuilds++;
        }

        Failing(error, at);
    }

    /// <summary>A problem worth showing that does not stop the stream (librdkafka's non-fatal errors).</summary>
    public void Note(string error, DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastError = SecretRedaction.Default.Redact(error);
            _lastErrorAt = at;
        }
    }

    /// <summary>Whether a subscribed rule (an exact name or a pattern) has no topic yet.</summary>
    public void WaitingForTopic(string rule, bool waiting)
    {
        lock (_gate)
        {
            if (waiting)
            {
                Topic(rule).WaitingForTopic = true;
            }
            else if (_topics.TryGetValue(rule, out var counters))
            {
                counters.WaitingForTopic = false;
                // A pattern's own entry only held its waiting; its topics have entries of their own.
                if (counters is { Messages: 0, Lag: null })
                {
                    _topics.Remove(rule);
                }
            }
        }
    }

    public void MessageHandled(string topic, DateTimeOffset at, bool failed)
    {
        lock (_gate)
        {
            if (_state is StreamState.Connecting or StreamState.Failing)
            {
                _state = StreamState.Connected;
            }

            _lastMessageAt = at;
            _messages++;
            var counters = Topic(topic);
            counters.Messages++;
            counters.LastMessageAt = at;
            if (failed)
            {
                _failed++;
                counters.Failed++;
            }
        }
    }

    public void Lag(string topic, long lag)
    {
        lock (_gate)
        {
            Topic(topic).Lag = lag;
        }
    }

    public StreamHealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new StreamHealthSnapshot(
                Name, kind, _state, problems, _lastError, _lastErrorAt, _lastMessageAt, _messages, _failed,
                [.. _topics.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                    .Select(pair => new TopicHealthSnapshot(pair.Key, pair.Value.Messages, pair.Value.Failed, pair.Value.LastMessageAt, pair.Value.Lag, pair.Value.WaitingForTopic))],
                _rebuilds);
        }
    }

    private void Set(StreamState state)
    {
        lock (_gate)
        {
            if (_state != StreamState.Invalid)
            {
                _state = state;
            }
        }
    }

    private TopicCounters Topic(string topic)
    {
        if (!_topics.TryGetValue(topic, out var counters))
        {
            _topics[topic] = counters = new TopicCounters();
        }

        return counters;
    }

    private sealed class TopicCounters
    {
        public long Messages { get; set; }

        public long Failed { get; set; }

        public DateTimeOffset? LastMessageAt { get; set; }

        public long? Lag { get; set; }

        public bool WaitingForTopic { get; set; }
    }
}

/// <summary>Every configured stream's health, valid or not, in configuration order.</summary>
public sealed class StreamHealthRegistry
{
    private readonly List<StreamHealth> _streams = [];
    private readonly Lock _gate = new();

    public StreamHealth Register(string name, StreamKind kind, IReadOnlyList<string> problems)
    {
        var health = new StreamHealth(name, kind, problems);
        lock (_gate)
        {
            _streams.Add(health);
        }

        return health;
    }

    public IReadOnlyList<StreamHealthSnapshot> Snapshot()
    {
        lock (_gate)
        {
            return [.. _streams.Select(stream => stream.Snapshot())];
        }
    }
}
