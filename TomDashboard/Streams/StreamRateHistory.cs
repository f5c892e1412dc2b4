using Microsoft.Extensions.Options;
using TomDashboard.Streams.Live;

namespace TomDashboard.Streams;

/// <summary>One stream's recent rate: alerts per second in each sampling interval, oldest first, and its total tonight.</summary>
public sealed record StreamRate(string Stream, IReadOnlyList<(DateTimeOffset At, double PerSecond)> Points, long Tonight);

/// <summary>
/// Every stream's message rate over the last ten minutes, sampled from <see cref="StreamHealthRegistry"/>'s counts every
/// <see cref="LiveOptions.RateSampleSeconds"/>: nothing is added to the per-message path, and the figures are the streams page's own.
/// "Tonight" counts from the most recent local noon on this server (or from start-up, if later).
/// </summary>
public sealed class StreamRateHistory(StreamHealthRegistry streams, TimeProvider time, IOptions<LiveOptions>? options = null) : BackgroundService
{
    public static readonly TimeSpan Span = TimeSpan.FromMinutes(10);

    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(options?.Value.RateSampleSeconds ?? new LiveOptions().RateSampleSeconds);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, History> _streams = new(StringComparer.Ordinal);

    /// <summary>Takes one sample now (the timer's work; tests call it to step time).</summary>
    public void Sample()
    {
        var now = time.GetUtcNow();
        var noon = LastNoon(now);
        lock (_gate)
        {
            // An inactive stream has no rate to draw; its line on the home page says it is inactive.
            foreach (var stream in streams.Snapshot().Where(stream => stream.State is not (StreamState.Inactive or StreamState.Invalid)))
            {
                if (!_streams.TryGetValue(stream.Name, out var history))
                {
                    // The first sample starts the rate; what arrived since start-up counts as tonight's.
                    _streams[stream.Name] = new History { Night = noon, NightStart = 0, LastCount = stream.Messages, LastAt = now };
                    continue;
                }

                if (history.Night != noon)
                {
                    (history.Night, history.NightStart) = (noon, history.LastCount);
                }

                var seconds = Math.Max((now - history.LastAt).TotalSeconds, 1e-3);
                history.Points.Enqueue((now, Math.Max(0, stream.Messages - history.LastCount) / seconds));
                while (history.Points.Count > 0 && now - history.Points.Peek().At > Span)
                {
                    history.Points.Dequeue();
                }

                (history.LastCount, history.LastAt) = (stream.Messages, now);
            }
        }
    }

    public IReadOnlyList<StreamRate> Rates()
    {
        lock (_gate)
        {
            return [.. _streams.Select(pair => new StreamRate(pair.Key, [.. pair.Value.Points], pair.Value.LastCount - pair.Value.NightStart))];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private DateTimeOffset LastNoon(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, time.LocalTimeZone);
        var noon = new DateTimeOffset(local.Date.AddHours(12), local.Offset);
        return noon > local ? noon.AddDays(-1) : noon;
    }

    private sealed class History
    {
        public Queue<(DateTimeOffset At, double PerSecond)> Points { get; } = new();

        public DateTimeOffset Night { get; set; }

        public long NightStart { get; set; }

        public long LastCount { get; set; }

        public DateTimeOffset LastAt { get; set; }
    }
}
