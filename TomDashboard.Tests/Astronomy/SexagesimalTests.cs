using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

public sealed class SexagesimalTests
{
    [Theory]
    [InlineData(32.0, "02:08:00.000")]
    [InlineData(0.0, "00:00:00.000")]
    [InlineData(359.9999999, "00:00:00.000")]
    [InlineData(66.0, "04:24:00.000")]
    [InlineData(187.70593, "12:30:49.423")]
    public void Formats_ra_in_hours(double degrees, string expected) =>
        Assert.Equal(expected, Sexagesimal.FormatRa(degrees));

    [Theory]
    [InlineData(-20.0, "-20:00:00.00")]
    [InlineData(50.0, "+50:00:00.00")]
    [InlineData(-0.5, "-00:30:00.00")]
    [InlineData(12.391123, "+12:23:28.04")]
    [InlineData(-89.99999999, "-90:00:00.00")]
    public void Formats_dec_with_the_sign_on_the_whole_value(double degrees, string expected) =>
        Assert.Equal(expected, Sexagesimal.FormatDec(degrees));

    [Theory]
    [InlineData(359.99999958, "00:00:00.000")] // 23:59:59.99990 h: rounds up, wraps to 0 h
    [InlineData(359.9999958, "23:59:59.999")]
    [InlineData(-0.0000001, "00:00:00.000")]
    [InlineData(14.99999999, "01:00:00.000")] // 00:59:59.9999976: the minute carries, never 00:59:60.000
    public void Formats_ra_without_60_seconds_or_24_hours(double degrees, string expected) =>
        Assert.Equal(expected, Sexagesimal.FormatRa(degrees));

    [Theory]
    [InlineData(89.999999, "+90:00:00.00")]
    [InlineData(89.9999986, "+89:59:59.99")]
    [InlineData(10.999999, "+11:00:00.00")] // 10:59:59.9964: never 10:59:60.00
    [InlineData(-0.000000001, "+00:00:00.00")]
    [InlineData(-0.0, "+00:00:00.00")]
    public void Formats_dec_without_60_seconds_and_with_the_sign_of_the_shown_value(double degrees, string expected) =>
        Assert.Equal(expected, Sexagesimal.FormatDec(degrees));

    [Theory]
    [InlineData("02:08:00.000", 32.0)]
    [InlineData("12 30 49.423", 187.705929)]
    [InlineData("12h30m49.423s", 187.705929)]
    [InlineData("187.70593", 187.70593)]
    public void Parses_ra(string text, double expected)
    {
        Assert.True(Sexagesimal.TryParseRa(text, out var degrees));
        Assert.Equal(expected, degrees, 5);
    }

    [Theory]
    [InlineData("-00:30:00", -0.5)]
    [InlineData("+12:23:28.04", 12.391122)]
    [InlineData("-20 00 00", -20.0)]
    [InlineData("-45.5", -45.5)]
    public void Parses_dec(string text, double expected)
    {
        Assert.True(Sexagesimal.TryParseDec(text, out var degrees));
        Assert.Equal(expected, degrees, 5);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("25:00:00")]
    [InlineData("12:61:00")]
    [InlineData("-10")]
    public void Rejects_impossible_ra(string text) => Assert.False(Sexagesimal.TryParseRa(text, out _));

    [Theory]
    [InlineData("91")]
    [InlineData("-90:00:01")]
    [InlineData("12:30:75")]
    public void Rejects_impossible_dec(string text) => Assert.False(Sexagesimal.TryParseDec(text, out _));

    [Fact]
    public void Round_trips_through_text()
    {
        var random = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var ra = random.NextDouble() * 360;
            var dec = random.NextDouble() * 180 - 90;
            Assert.True(Sexagesimal.TryParseRa(Sexagesimal.FormatRa(ra), out var raBack));
            Assert.True(Sexagesimal.TryParseDec(Sexagesimal.FormatDec(dec), out var decBack));
            Assert.InRange(Math.Abs(raBack - ra) % 360, 0, 0.0005 * 15 / 3600 + 1e-9);
            Assert.InRange(Math.Abs(decBack - dec), 0, 0.005 / 3600 + 1e-9);
        }
    }
}
