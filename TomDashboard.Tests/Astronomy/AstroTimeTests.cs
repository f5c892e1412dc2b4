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

    // The UTC second before each leap second, and the one after the inserted 23:59:60.
    [Theory]
    [InlineData("2016-12-31T23:59:59Z", 36)]
    [InlineData("2017-01-01T00:00:00Z", 37)]
    [InlineData("2012-06-30T23:59:59Z", 34)]
    [InlineData("2012-07-01T00:00:00Z", 35)]
    [InlineData("2008-12-31T23:59:59Z", 33)]
    [InlineData("2009-01-01T00:00:00Z", 34)]
    [InlineData("1972-01-01T00:00:00Z", 10)]
    [InlineData("1972-06-30T23:59:59Z", 10)]
    [InlineData("1972-07-01T00:00:00Z", 11)]
    [InlineData("1999-01-01T00:00:00Z", 32)]
    [InlineData("2025-06-01T12:00:00Z", 37)]
    [InlineData("1965-03-01T00:00:00Z", 10)]
    public void Tai_minus_utc_follows_the_leap_second_table(string utc, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AstroTime.TaiMinusUtc(Utc(utc)));

    [Theory]
    [InlineData("2016-12-31T23:59:59Z")]
    [InlineData("2017-01-01T00:00:00Z")]
    [InlineData("2017-01-01T00:00:01Z")]
    [InlineData("2012-06-30T23:59:59Z")]
    [InlineData("2012-07-01T00:00:00Z")]
    [InlineData("2008-12-31T23:59:59Z")]
    [InlineData("2009-01-01T00:00:00Z")]
    [InlineData("1980-06-15T08:30:00Z")]
    public void Utc_to_mjd_tai_and_back_is_the_same_instant_on_both_sides_of_a_leap_second(string utc)
    {
        var time = Utc(utc);
        Assert.Equal(time, AstroTime.FromMjdTai(AstroTime.ToMjdTai(time)), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Mjd_tai_is_ahead_of_utc_by_the_offset_of_its_era()
    {
        // 2017-01-01 is MJD 57754; 2009-01-01 is MJD 54832.
        Assert.Equal(57754 + 37 / 86400.0, AstroTime.ToMjdTai(Utc("2017-01-01T00:00:00Z")), 9);
        Assert.Equal(57754 + 35 / 86400.0, AstroTime.ToMjdTai(Utc("2016-12-31T23:59:59Z")), 9);
        Assert.Equal(54832 + 34 / 86400.0, AstroTime.ToMjdTai(Utc("2009-01-01T00:00:00Z")), 9);
    }

    [Theory]
    // Around 2017-01-01: 00:00:35 TAI is 23:59:59 UTC (36 s), 00:00:37 TAI is 00:00:00 UTC (37 s).
    [InlineData(57754, 35.0, "2016-12-31T23:59:59Z")]
    [InlineData(57754, 37.0, "2017-01-01T00:00:00Z")]
    [InlineData(57754, 38.0, "2017-01-01T00:00:01Z")]
    // Around 2012-07-01 (MJD 56109): 34 s before, 35 s after.
    [InlineData(56109, 33.0, "2012-06-30T23:59:59Z")]
    [InlineData(56109, 35.5, "2012-07-01T00:00:00.5Z")]
    // Before 1972 the rubber-second era is treated as 10 s.
    [InlineData(41000, 10.0, "1971-02-18T00:00:00Z")]
    public void Mjd_tai_just_before_and_after_a_leap_second_reads_as_the_right_utc(int mjdDay, double taiSeconds, string expected) =>
        Assert.Equal(Utc(expected), AstroTime.FromMjdTai(mjdDay + taiSeconds / 86400.0), TimeSpan.FromMilliseconds(1));

    [Fact]
    public void A_tai_time_inside_the_inserted_leap_second_reads_as_the_end_of_2359_59_and_time_never_runs_back()
    {
        var before = AstroTime.FromMjdTai(57754 + 35.9 / 86400.0);
        var inside = AstroTime.FromMjdTai(57754 + 36.5 / 86400.0);
        var after = AstroTime.FromMjdTai(57754 + 37.1 / 86400.0);

        Assert.Equal(Utc("2016-12-31T23:59:59.9999999Z"), inside);
        Assert.True(before < inside && inside < after, $"{before:O} < {inside:O} < {after:O}");
    }

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

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Fact]
    public void Rejects_text_that_is_not_a_date() => Assert.False(AstroTime.TryParseUtc("yesterday-ish", out _));
}
