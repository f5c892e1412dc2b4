using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

public sealed class GalacticCoordinatesTests
{
    [Theory]
    [InlineData(192.85948, 27.12825, double.NaN, 90.0)] // north galactic pole
    [InlineData(266.41684, -29.00781, 359.944, -0.046)] // Sgr A*
    [InlineData(83.63308, 22.01450, 184.5575, -5.7843)] // Crab Nebula
    [InlineData(10.68471, 41.26875, 121.1744, -21.5729)] // M31
    public void Converts_known_objects(double ra, double dec, double l, double b)
    {
        var (galacticL, galacticB) = GalacticCoordinates.FromEquatorial(ra, dec);
        Assert.Equal(b, galacticB, 2);
        if (!double.IsNaN(l))
        {
            Assert.Equal(l, galacticL, 2);
        }
    }
}
