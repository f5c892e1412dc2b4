using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

public sealed class AstroTimeTests
{
    [Fact]
    public void Mjd_of_the_unix_epoch_is_40587() =>
        Assert.Equal(DateTimeOffset.UnixEpoch, AstroTime.FromMjd(40587.0));

    [Fact]
    public void Converts_jd_to_utc() =>
        Assert.Equal(new DateTimeOffset(2019, 7, 1, 12, 0, 0, TimeSpan.Zero), AstroTime.FromJd(2458666.0));

    [Fact]
    public void Converts_mjd_tai_to_utc_by_removing_37_seconds() =>
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) - TimeSpan.FromSeconds(37), AstroTime.FromMjdTai(60676.0));

    [Fact]
    public void Round_trips_mjd_to_the_microsecond()
    {
        var time = new DateTimeOffset(2024, 3, 14, 1, 59, 26, 535, TimeSpan.Zero);
        Assert.Equal(time, AstroTime.FromMjd(AstroTime.ToMjd(time)), TimeSpan.FromTicks(20));
    }

    [Theory]
    [InlineData("2019-07-01", "2019-07-01T00:00:00Z")]
    [InlineData("2019-07-01 05:06:07", "2019-07-01T05:06:07Z")]
    [InlineData("2019-07-01T05:06:07+02:00", "2019-07-01T03:06:07Z")]
    public void Reads_dates_without_a_zone_as_utc(string text, string expected)
    {
        Assert.True(AstroTime.TryParseUtc(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Fact]
    public void Rejects_text_that_is_not_a_date() => Assert.False(AstroTime.TryParseUtc("yesterday-ish", out _));
}
