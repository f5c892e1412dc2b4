using System.Diagnostics.Metrics;
using TomDashboard.Alerts;

namespace TomDashboard.Brokers;

/// <summary>One broker's health as the pages show it.</summary>
/// <param name="Calls">Calls in the last hour, cancelled ones left out.</param>
/// <param name="ErrorRate">The share of those calls that failed; null when there were none.</param>
public sealed record BrokerHealthSnapshot(
    string Broker,
    int Calls,
    int Failures,
    double? ErrorRate,
    TimeSpan? LatencyP50,
    TimeSpan? LatencyP95,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    BrokerCircuitState Circuit,
    int RetryAfterWaits,
    TimeSpan RetryAfterWaited);

/// <summary>
/// The brokers' health, aggregated in memory from <see cref="BrokerMetrics"/> through a <see cref="MeterListener"/>: the
/// page and OpenTelemetry read the same measurements. Keeps the last hour of calls per broker (at most
/// <see cref="MaxCallsKept"/>), and the last error's readable sentence, which a meter cannot carry.
/// </summary>
public sealed class BrokerHealth : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public const int MaxCallsKept = 10_000;

    /// <summary>The health page's entry of a broker, for links from a failure.</summary>
    public static string PageLink(string broker) => $"brokers#{Anchor(broker)}";

    public static string Anchor(string broker) => $"broker-{broker}";

    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, State> _brokers = new(StringComparer.Ordinal);

    public BrokerHealth(BrokerMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags, null));
        _listener.Start();
    }

    /// <summary>The run's own sentence for a failure (it knows garbage from an outage, which the HTTP layer does not).</summary>
    public void Failed(string broker, string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        lock (_gate)
        {
            var state = StateOf(broker);
            state.LastError = SecretRedaction.Default.Redact(sentence);
            state.LastErrorAt = _time.GetUtcNow();
        }
    }

    public BrokerHealthSnapshot Snapshot(string broker)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_brokers.TryGetValue(broker, out var state))
            {
                return new BrokerHealthSnapshot(broker, 0, 0, null, null, null, null, null, null, BrokerCircuitState.Closed, 0, TimeSpan.Zero);
            }

            Forget(state, now);
            var durations = state.Calls.Select(call => call.Seconds).Order().ToArray();
            var failures = state.Calls.Count(call => call.Failed);
            return new BrokerHealthSnapshot(
                broker,
                state.Calls.Count,
                failures,
                state.Calls.Count == 0 ? null : (double)failures / state.Calls.Count,
                Percentile(durations, 0.50),
                Percentile(durations, 0.95),
                state.LastSuccessAt,
                state.LastError,
                state.LastErrorAt,
                state.Circuit,
                state.RetryAfterWaits,
                state.RetryAfterWaited);
        }
    }

    /// <summary>Every catalogued broker's line, in the catalog's order.</summary>
    public IReadOnlyList<BrokerHealthLine> Lines(BrokerCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Entries.Select(entry => BrokerHealthLine.Of(entry, Snapshot(entry.Name)))];
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? _)
    {
        string? broker = null, outcome = null, circuit = null;
        foreach (var (key, tag) in tags)
        {
            switch (key)
            {
                case "broker": broker = tag as string; break;
                case "outcome": outcome = tag as string; break;
                case "state": circuit = tag as string; break;
            }
        }

        if (broker is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var state = StateOf(broker);
            switch (instrument.Name)
            {
                case BrokerMetrics.CallDurationName when outcome != BrokerCallOutcome.Cancelled:
                    var failed = outcome != BrokerCallOutcome.Success;
                    state.Calls.Enqueue(new Call(now, value, failed));
                    if (!failed)
                    {
                        state.LastSuccessAt = now;
                    }

                    Forget(state, now);
                    break;
                case BrokerMetrics.CircuitChangesName:
                    state.Circuit = BrokerCircuitStates.Parse(circuit);
                    break;
                case BrokerMetrics.RetryAfterWaitsName:
                    state.RetryAfterWaits++;
                    state.RetryAfterWaited += TimeSpan.FromSeconds(value);
                    break;
            }
        }
    }

    private static void Forget(State state, DateTimeOffset now)
    {
        while (state.Calls.Count > 0 && (state.Calls.Count > MaxCallsKept || now - state.Calls.Peek().At > Window))
        {
            state.Calls.Dequeue();
        }
    }

    private static TimeSpan? Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? null : TimeSpan.FromSeconds(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)]);

    private State StateOf(string broker)
    {
        if (!_brokers.TryGetValue(broker, out var state))
        {
            _brokers[broker] = state = new State();
        }

        return state;
    }

    private readonly record struct Call(DateTimeOffset At, double Seconds, bool Failed);

    private sealed class State
    {
        public Queue<Call> Calls { get; } = new();

        public DateTimeOffset? LastSuccessAt { get; set; }

        public string? LastError { get; set; }

        public DateTimeOffset? LastErrorAt { get; set; }

        public BrokerCircuitState Circuit { get; set; }

        public int RetryAfterWaits { get; set; }

        public TimeSpan RetryAfterWaited { get; set; }
    }
}

public enum BrokerHealthState
{
    Available,
    NeedsConfiguration,
    Unavailable,
    Degraded,
    Failing,
}

/// <summary>
/// One line of broker health, as the home page and <c>/brokers</c> show it: configuration first, then the calls. Failing
/// when the breaker is open or the latest call failed (an outage, or garbage the run could not read); degraded when
/// some calls of the last hour failed but the latest did not.
/// </summary>
public sealed record BrokerHealthLine(BrokerEntry Broker, BrokerHealthSnapshot Figures, BrokerHealthState State, string Summary)
{
    public static BrokerHealthLine Of(BrokerEntry broker, BrokerHealthSnapshot figures)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(figures);
        var failedLast = figures.LastErrorAt is { } errorAt && (figures.LastSuccessAt is not { } successAt || errorAt > successAt);
        var (state, summary) = broker.Status switch
        {
            BrokerStatus.NeedsConfiguration => (BrokerHealthState.NeedsConfiguration, broker.UnavailableReason ?? "needs configuration"),
            BrokerStatus.Disabled or BrokerStatus.Invalid => (BrokerHealthState.Unavailable, broker.UnavailableReason ?? "unavailable"),
            _ when figures.Circuit == BrokerCircuitState.Open =>
                (BrokerHealthState.Failing, "Calls are paused: its circuit breaker opened after repeated failures."),
            _ when failedLast => (BrokerHealthState.Failing, figures.LastError ?? "Its last call failed."),
            _ when figures.Failures > 0 => (BrokerHealthState.Degraded, $"{figures.Failures:N0} of {figures.Calls:N0} calls failed in the last hour."),
            _ when figures.Calls == 0 => (BrokerHealthState.Available, "Available; not called in the last hour."),
            _ => (BrokerHealthState.Available, $"Available; {figures.Calls:N0} calls in the last hour, none failed."),
        };
        return new BrokerHealthLine(broker, figures, state, summary);
    }
}
