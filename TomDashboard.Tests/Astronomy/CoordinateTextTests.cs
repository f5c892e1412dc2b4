using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

public sealed class CoordinateTextTests
{
    [Theory]
    [InlineData("187.70593", 187.70593, false)]
    [InlineData(" 12:30:49.4232 ", 187.70593, true)]
    [InlineData("12h30m49.4232s", 187.70593, true)]
    [InlineData("400", 400.0, false)]
    public void Reads_ra_as_degrees_or_hours_and_keeps_an_out_of_range_number_for_the_range_check(string text, double degrees, bool sexagesimal)
    {
        var reading = CoordinateText.ReadRa(text);

        Assert.Null(reading.Problem);
        Assert.Equal(degrees, reading.Degrees!.Value, 1e-6);
        Assert.Equal(sexagesimal, reading.WasSexagesimal);
    }

    [Theory]
    [InlineData("-0.5", -0.5)]
    [InlineData("-00:30:00", -0.5)]
    [InlineData("+41 16 09", 41.269167)]
    public void Reads_dec_as_degrees_or_sexagesimal_degrees(string text, double degrees) =>
        Assert.Equal(degrees, CoordinateText.ReadDec(text).Degrees!.Value, 1e-6);

    [Theory]
    [InlineData("twelve")]
    [InlineData("25:00:00")]
    [InlineData("12:61:00")]
    [InlineData("NaN")]
    public void Says_what_an_unreadable_ra_should_look_like(string text)
    {
        var reading = CoordinateText.ReadRa(text);

        Assert.Null(reading.Degrees);
        Assert.Equal(CoordinateText.RaProblem, reading.Problem);
    }

    [Fact]
    public void An_empty_text_is_no_value_and_no_problem()
    {
        Assert.True(CoordinateText.ReadRa("  ").IsEmpty);
        Assert.True(CoordinateText.ReadDec(null).IsEmpty);
    }

    [Fact]
    public void Gives_the_other_notation_for_helper_text()
    {
        Assert.Equal("12:30:49.423 (h:m:s)", CoordinateText.OtherForm(CoordinateText.ReadRa("187.70593"), isRa: true));
        Assert.Equal("187.705930°", CoordinateText.OtherForm(CoordinateText.ReadRa("12:30:49.4232"), isRa: true));
        Assert.Equal("-0.500000°", CoordinateText.OtherForm(CoordinateText.ReadDec("-00:30:00"), isRa: false));
        Assert.Null(CoordinateText.OtherForm(CoordinateText.ReadRa("400"), isRa: true));
    }
}
