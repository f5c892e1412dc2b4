using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

public sealed class FluxMagnitudeTests
{
    [Fact]
    public void Zero_magnitude_is_3631_jansky()
    {
        var magnitude = FluxMagnitude.AbMagnitudeFromNanojansky(3.631e12);

        Assert.NotNull(magnitude);
        Assert.Equal(0.0, magnitude.Value, 3); // 31.4 is 2.5·log10(3.631e12) rounded: off by 7e-5
    }

    [Theory]
    [InlineData(1.0, 31.4)]
    [InlineData(100.0, 26.4)]
    [InlineData(3631.0, 22.5)]
    public void Magnitude_from_flux(double fluxNjy, double expected) =>
        Assert.Equal(expected, FluxMagnitude.AbMagnitudeFromNanojansky(fluxNjy)!.Value, 3);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-250.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void No_magnitude_for_a_flux_that_is_not_positive_and_finite(double fluxNjy) =>
        Assert.Null(FluxMagnitude.AbMagnitudeFromNanojansky(fluxNjy));

    [Fact]
    public void Magnitude_error_is_1_0857_times_the_relative_flux_error()
    {
        var error = FluxMagnitude.AbMagnitudeErrorFromNanojansky(1000, 100);

        Assert.Equal(0.108574, error!.Value, 6);
        Assert.Null(FluxMagnitude.AbMagnitudeErrorFromNanojansky(-1000, 100));
        Assert.Null(FluxMagnitude.AbMagnitudeErrorFromNanojansky(0, 100));
    }

    [Fact]
    public void Limit_is_the_magnitude_of_n_sigma()
    {
        // 5 × 200 nJy = 1000 nJy → 31.4 − 7.5 = 23.9
        Assert.Equal(23.9, FluxMagnitude.AbLimitFromNanojansky(200)!.Value, 9);
        // 3 × 100 nJy = 300 nJy → 31.4 − 2.5·log10(300)
        Assert.Equal(31.4 - (2.5 * Math.Log10(300)), FluxMagnitude.AbLimitFromNanojansky(100, sigmas: 3)!.Value, 9);
        Assert.Null(FluxMagnitude.AbLimitFromNanojansky(0));
        Assert.Null(FluxMagnitude.AbLimitFromNanojansky(-5));
    }
}
