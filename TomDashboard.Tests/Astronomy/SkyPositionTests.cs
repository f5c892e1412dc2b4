using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

public sealed class SkyPositionTests
{
    [Theory]
    [InlineData(10.0, 20.0, 10.0, 20.0, 0.0)]
    [InlineData(0.0, 0.0, 1.0, 0.0, 3600.0)] // one degree along the equator
    [InlineData(359.99972222, 0.0, 0.00027778, 0.0, 2.0)] // across RA 0/360
    [InlineData(0.0, 89.99972222, 180.0, 89.99972222, 2.0)] // across the north pole
    [InlineData(45.0, -89.9995, 225.0, -89.9995, 3.6)] // across the south pole
    [InlineData(120.0, 60.0, 120.0 + 2.0 / 3600 / 0.5, 60.0, 2.0)] // RA offsets shrink with cos(dec)
    public void Measures_true_angular_separation_in_arcseconds(double ra1, double dec1, double ra2, double dec2, double arcsec) =>
        Assert.Equal(arcsec, SkyPosition.SeparationArcsec(ra1, dec1, ra2, dec2), 2);

    [Fact]
    public void Opposite_points_are_180_degrees_apart() =>
        Assert.Equal(180.0, SkyPosition.SeparationDegrees(10, 30, 190, -30), 9);

    [Fact]
    public void The_cone_footprint_splits_at_the_ra_wrap_and_opens_at_the_poles()
    {
        var wrap = SkyZones.Cone(0.0001, 10, 0.01);
        Assert.Equal(2, wrap.RaRanges.Count);
        Assert.Contains(wrap.RaRanges, range => range.To == 360);

        var pole = SkyZones.Cone(123, 89.995, 0.01);
        Assert.Equal([(0.0, 360.0)], pole.RaRanges);
        Assert.Equal(SkyZones.LastZone, pole.LastZone);
    }

    /// <summary>The sky index finds exactly what a brute-force scan finds, on 100,000 random targets.</summary>
    [Fact]
    public void Cone_prefilter_plus_true_separation_equals_a_brute_force_scan()
    {
        var random = new Random(2024);
        var targets = Enumerable.Range(0, 100_000)
            .Select(id => (Id: id, Ra: random.NextDouble() * 360, Dec: Math.Asin(2 * random.NextDouble() - 1) * 180 / Math.PI))
            .ToList();
        var byZone = targets.ToLookup(target => SkyZones.ZoneOf(target.Dec));
        double[] radii = [2.0, 60.0, 1800.0, 7200.0];
        for (var query = 0; query < 200; query++)
        {
            // Cones near the poles and the RA wrap on purpose, as well as anywhere.
            var ra = query % 4 == 0 ? random.NextDouble() * 0.5 : random.NextDouble() * 360;
            var dec = query % 5 == 0 ? 89.5 + random.NextDouble() * 0.5 : query % 7 == 0 ? -89.9 : Math.Asin(2 * random.NextDouble() - 1) * 180 / Math.PI;
            var radius = radii[query % radii.Length];

            var expected = targets.Where(target => SkyPosition.SeparationArcsec(ra, dec, target.Ra, target.Dec) <= radius).Select(target => target.Id).Order().ToList();
            var cone = SkyZones.Cone(ra, dec, radius / 3600);
            var found = cone.Zones.SelectMany(zone => byZone[zone])
                .Where(target => cone.RaRanges.Any(range => target.Ra >= range.From && target.Ra <= range.To))
                .Where(target => SkyPosition.SeparationArcsec(ra, dec, target.Ra, target.Dec) <= radius)
                .Select(target => target.Id).Order().ToList();

            Assert.Equal(expected, found);
        }
    }
}
