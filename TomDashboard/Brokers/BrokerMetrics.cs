using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TomDashboard.Brokers;

/// <summary>How a call to a broker ended, as the metrics and the health page name it.</summary>
public static class BrokerCallOutcome
{
    public const string Success = "success";
    public const string RateLimited = "rate_limited";
    public const string HttpError = "http_error";
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";
    public const string CircuitOpen = "circuit_open";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// The brokers' HTTP pipeline, counted: every call with its outcome and duration, the circuit breaker's changes and the
/// Retry-After waits honoured. OpenTelemetry exports this meter; <see cref="BrokerHealth"/> reads the same figures.
/// </summary>
public sealed class BrokerMetrics
{
    public const string MeterName = "TomDashboard.Brokers";
    public const string CallsName = "tomdashboard.broker.calls";
    public const string CallDurationName = "tomdashboard.broker.call.duration";
    public const string CircuitChangesName = "tomdashboard.broker.circuit.changes";
    public const string RetryAfterWaitsName = "tomdashboard.broker.retry_after.waits";

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _circuitChanges;
    private readonly Histogram<double> _retryAfterWaits;

    public BrokerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        _calls = Meter.CreateCounter<long>(CallsName, "{call}", "Calls to a broker, by outcome (retries included in one call)");
        _duration = Meter.CreateHistogram<double>(CallDurationName, "s", "How long a call to a broker took, retries included");
        _circuitChanges = Meter.CreateCounter<long>(CircuitChangesName, "{change}", "The broker circuit breaker's changes of state (open, half_open, closed)");
        _retryAfterWaits = Meter.CreateHistogram<double>(RetryAfterWaitsName, "s", "Waits a broker asked for with Retry-After and that were honoured");
    }

    public Meter Meter { get; }

    public void CallEnded(string broker, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "broker", broker }, { "outcome", outcome } };
        _calls.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void CircuitChanged(string broker, BrokerCircuitState state) =>
        _circuitChanges.Add(1, new TagList { { "broker", broker }, { "state", BrokerCircuitStates.Name(state) } });

    public void RetryAfterHonoured(string broker, TimeSpan wait) =>
        _retryAfterWaits.Record(wait.TotalSeconds, new TagList { { "broker", broker } });
}

public enum BrokerCircuitState
{
    Closed,
    Open,
    HalfOpen,
}

public static class BrokerCircuitStates
{
    public static string Name(BrokerCircuitState state) => state switch
    {
        BrokerCircuitState.Open => "open",
        BrokerCircuitState.HalfOpen => "half_open",
        _ => "closed",
    };

    public static BrokerCircuitState Parse(string? name) => name switch
    {
        "open" => BrokerCircuitState.Open,
        "half_open" => BrokerCircuitState.HalfOpen,
        _ => BrokerCircuitState.Closed,
    };
}
