using TomDashboard.Streams.Simulated;

namespace TomDashboard.Tests.Streams.Simulated;

public sealed class SimulatedPaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);

    /// <summary>Ten seconds of ticks, every one on time: the count is the rate asked for (plus the first alert at the start).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(220)]
    [InlineData(1_000)]
    [InlineData(5_000)]
    [InlineData(10_000)]
    public void Delivers_the_rate_asked_for_with_several_alerts_per_tick(double rate)
    {
        var pace = new SimulatedPace(rate, Start);
        long total = 0;
        for (var now = Start; now <= Start.AddSeconds(10); now += pace.Tick)
        {
            total += pace.TakeDue(now);
        }

        Assert.Equal((long)(rate * 10) + 1, total);
        Assert.Equal(0, pace.Skipped);
        Assert.InRange(pace.Tick, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Missed_ticks_are_made_up()
    {
        var pace = new SimulatedPace(100, Start);
        Assert.Equal(1, pace.TakeDue(Start));

        // The timer slipped 400 ms (a busy machine): the 40 alerts of that time come at once.
        Assert.Equal(40, pace.TakeDue(Start.AddMilliseconds(400)));
        Assert.Equal(0, pace.Skipped);
    }

    [Fact]
    public void A_backlog_beyond_a_second_is_skipped_and_counted()
    {
        var pace = new SimulatedPace(1_000, Start);
        pace.TakeDue(Start);

        Assert.Equal(1_000, pace.TakeDue(Start.AddSeconds(5)));
        Assert.Equal(4_000, pace.Skipped);
    }

    [Fact]
    public void A_slow_rate_waits_between_alerts()
    {
        var pace = new SimulatedPace(0.01, Start);

        Assert.Equal(1, pace.TakeDue(Start));
        Assert.Equal(0, pace.TakeDue(Start.AddSeconds(99)));
        Assert.Equal(1, pace.TakeDue(Start.AddSeconds(100)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void A_rate_that_is_no_rate_is_refused_with_a_sentence(double rate)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedPace(rate, Start));
        Assert.StartsWith("The simulated rate must be a positive number of alerts per second.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slow_stream_that_paused_for_a_burst_catches_up_instead_of_skipping()
    {
        var pace = new SimulatedPace(1, Start);
        pace.TakeDue(Start);

        // Writing a burst of 20 held the worker for 5 s: the 5 alerts of that time come now.
        Assert.Equal(5, pace.TakeDue(Start.AddSeconds(5)));
        Assert.Equal(0, pace.Skipped);
    }
}
