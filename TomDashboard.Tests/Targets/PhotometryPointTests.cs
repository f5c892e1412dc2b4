using TomDashboard.Alerts;
using TomDashboard.Targets;

namespace TomDashboard.Tests.Targets;

public sealed class PhotometryPointTests
{
    private static readonly DateTimeOffset Night = new(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_positive_flux_is_a_detection_with_its_ab_magnitude()
    {
        // 3.631 mJy = 3.631e6 nJy is AB magnitude 15 (3631 Jy is 0).
        var point = PhotometryPoint.FromFlux(Night, "lsstg", 3.631e6, 1e3, "Rubin")!;
        Assert.Equal(15.0, point.Magnitude!.Value, 3);
        Assert.Equal(1.0857 * 1e3 / 3.631e6, point.MagnitudeError!.Value, 5);
        Assert.Null(point.Limit);
    }

    [Theory]
    [InlineData(-2000.0, 150.0, 0.0, 24.2123)] // a negative difference flux: a 5σ limit
    [InlineData(200.0, 100.0, 3.0, 24.6526)] // forced photometry below 3σ: a 5σ limit
    public void Anything_else_with_an_error_is_a_five_sigma_limit(double flux, double error, double detectionSigmas, double limit)
    {
        var point = PhotometryPoint.FromFlux(Night, "lsstr", flux, error, "Rubin", detectionSigmas)!;
        Assert.Null(point.Magnitude);
        Assert.Equal(limit, point.Limit!.Value, 4);
    }

    [Theory]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    public void Without_an_error_a_non_detection_says_nothing(double flux) =>
        Assert.Null(PhotometryPoint.FromFlux(Night, "lsstr", flux, null, "Rubin"));
}
