using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

public sealed class AbMagnitudeTests
{
    [Theory]
    [InlineData(1.0, 31.4)]
    [InlineData(10000.0, 21.4)]
    [InlineData(3631e9, 0.0)] // 31.4 is the zero point rounded: exactly it is 31.40006
    public void Converts_nanojansky_to_ab_magnitude(double flux, double magnitude) =>
        Assert.Equal(magnitude, AbMagnitude.FromNanojansky(flux)!.Value, tolerance: 1e-4);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-250.0)]
    [InlineData(double.NaN)]
    public void Gives_no_magnitude_for_a_flux_that_is_not_positive(double flux) => Assert.Null(AbMagnitude.FromNanojansky(flux));

    [Fact]
    public void Propagates_the_flux_error() => Assert.Equal(0.0217147, AbMagnitude.ErrorFromNanojansky(10000, 200)!.Value, 6);

    [Fact]
    public void Makes_a_five_sigma_limit_from_the_flux_error()
    {
        Assert.Equal(24.652575, AbMagnitude.LimitFromNanojansky(100)!.Value, tolerance: 1e-6);
        Assert.Null(AbMagnitude.LimitFromNanojansky(0));
    }
}
