namespace TomDashboard.Streams.Simulated;

/// <summary>
/// How many simulated alerts are due at a steady rate: several per tick when the rate is high, missed ticks made up,
/// but never more than one second's backlog (at least a hundred alerts, so a slow stream that paused for a burst
/// catches up), so a pipeline that cannot keep up skips alerts (and says how many) instead of piling them up.
/// </summary>
public sealed class SimulatedPace
{
    private const long MinimumBacklog = 100;

    private readonly double _alertsPerSecond;
    private readonly DateTimeOffset _start;
    private readonly long _backlogLimit;
    private long _scheduled;

    public SimulatedPace(double alertsPerSecond, DateTimeOffset start)
    {
        if (!double.IsFinite(alertsPerSecond) || alertsPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alertsPerSecond), alertsPerSecond, "The simulated rate must be a positive number of alerts per second.");
        }

        _alertsPerSecond = alertsPerSecond;
        _start = start;
        _backlogLimit = Math.Max(MinimumBacklog, (long)Math.Ceiling(alertsPerSecond));
    }

    /// <summary>
    /// How often to wake: once per alert at low rates, at most a hundred times a second at high ones (a timer period
    /// under a millisecond is not possible, and waking more often than the screen renders gains nothing).
    /// </summary>
    public TimeSpan Tick => TimeSpan.FromMilliseconds(Math.Clamp(1000 / _alertsPerSecond, 10, 1000));

    /// <summary>Alerts dropped because the backlog passed one second's worth.</summary>
    public long Skipped { get; private set; }

    /// <summary>The alerts to emit now (the first is due at the start), which this counts as emitted.</summary>
    public int TakeDue(DateTimeOffset now)
    {
        var dueByNow = (long)Math.Floor(Math.Max(0, (now - _start).TotalSeconds) * _alertsPerSecond) + 1;
        var backlog = dueByNow - _scheduled;
        if (backlog > _backlogLimit)
        {
            Skipped += backlog - _backlogLimit;
            backlog = _backlogLimit;
        }

        _scheduled = dueByNow;
        return (int)Math.Max(0, backlog);
    }
}
