using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

public sealed class CoordinateFormatTests
{
    [Theory]
    [InlineData(187.70593, "187.70593")]
    [InlineData(0.0, "0.00000")]
    [InlineData(359.999994, "359.99999")]
    [InlineData(359.999995, "0.00000")]
    [InlineData(359.9999999, "0.00000")]
    [InlineData(360.0, "0.00000")]
    [InlineData(-0.000001, "0.00000")]
    [InlineData(-10.0, "350.00000")]
    [InlineData(725.5, "5.50000")]
    public void Ra_degrees_wrap_into_0_to_360_after_rounding(double degrees, string expected) =>
        Assert.Equal(expected, CoordinateFormat.FormatRaDegrees(degrees));

    [Fact]
    public void Ra_degrees_wrap_at_the_precision_asked_for() =>
        Assert.Equal(("0.000000", "359.999999"), (CoordinateFormat.FormatRaDegrees(359.9999996, 6), CoordinateFormat.FormatRaDegrees(359.999999, 6)));

    [Theory]
    [InlineData(-20.0, "-20.00000")]
    [InlineData(12.391123, "+12.39112")]
    [InlineData(0.0, "+0.00000")]
    [InlineData(-0.000001, "+0.00000")]
    [InlineData(-89.999999, "-90.00000")]
    [InlineData(89.999996, "+90.00000")]
    public void Dec_degrees_are_signed_and_a_value_that_rounds_to_zero_is_plus_zero(double degrees, string expected) =>
        Assert.Equal(expected, CoordinateFormat.FormatDecDegrees(degrees));

    [Fact]
    public void Negative_zero_prints_without_a_minus() =>
        Assert.Equal(("0.00000", "+0.00000"), (CoordinateFormat.FormatRaDegrees(-0.0), CoordinateFormat.FormatDecDegrees(-0.0)));

    [Fact]
    public void The_degrees_and_the_sexagesimal_form_of_an_ra_near_360_agree() =>
        Assert.Equal(("0.00000", "00:00:00.000"), (CoordinateFormat.FormatRaDegrees(359.999998), Sexagesimal.FormatRa(359.999998)));
}
