namespace TomDashboard.Astronomy;

/// <summary>Angles on the sky.</summary>
public static class SkyPosition
{
    public const double ArcsecondsPerDegree = 3600.0;

    /// <summary>
    /// True angular separation in degrees (haversine: exact at small angles, and right across RA 0/360 and at the poles).
    /// </summary>
    public static double SeparationDegrees(double ra1, double dec1, double ra2, double dec2)
    {
        var d1 = Radians(dec1);
        var d2 = Radians(dec2);
        var sinHalfDec = Math.Sin((d2 - d1) / 2);
        var sinHalfRa = Math.Sin(Radians(ra2 - ra1) / 2);
        var h = sinHalfDec * sinHalfDec + Math.Cos(d1) * Math.Cos(d2) * sinHalfRa * sinHalfRa;
        return Degrees(2 * Math.Asin(Math.Sqrt(Math.Clamp(h, 0, 1))));
    }

    public static double SeparationArcsec(double ra1, double dec1, double ra2, double dec2) =>
        SeparationDegrees(ra1, dec1, ra2, dec2) * ArcsecondsPerDegree;

    internal static double Radians(double degrees) => degrees * Math.PI / 180;

    internal static double Degrees(double radians) => radians * 180 / Math.PI;
}

/// <summary>A cone's footprint in the sky index: the zones it touches and the RA intervals within them.</summary>
public sealed record SkyCone(int FirstZone, int LastZone, IReadOnlyList<(double From, double To)> RaRanges)
{
    public IEnumerable<int> Zones => Enumerable.Range(FirstZone, LastZone - FirstZone + 1);
}

/// <summary>
/// The sky index kept with every target: declination zones of fixed height (the "zones" algorithm of Gray et al.).
/// A cone touches a few zones, and within them an RA interval, so an index on (zone, RA) answers it without a scan.
/// </summary>
public static class SkyZones
{
    /// <summary>3 arcmin: a 2″ match touches one or two zones; a 1° cone about forty.</summary>
    public const double HeightDegrees = 0.05;

    public static readonly int LastZone = (int)Math.Floor(180 / HeightDegrees);

    public static int ZoneOf(double decDegrees) => Math.Clamp((int)Math.Floor((decDegrees + 90) / HeightDegrees), 0, LastZone);

    /// <summary>The zones and RA ranges (0–360, split at the wrap) that contain every point within the radius.</summary>
    public static SkyCone Cone(double raDegrees, double decDegrees, double radiusDegrees)
    {
        var first = ZoneOf(decDegrees - radiusDegrees);
        var last = ZoneOf(decDegrees + radiusDegrees);
        var ra = ((raDegrees % 360) + 360) % 360;
        if (Math.Abs(decDegrees) + radiusDegrees >= 89.999)
        {
            return new SkyCone(first, last, [(0, 360)]);
        }

        // The widest RA half-width of the cone over its declination span (Gray et al., 2006).
        var r = SkyPosition.Radians(radiusDegrees);
        var d = SkyPosition.Radians(decDegrees);
        var halfWidth = SkyPosition.Degrees(Math.Atan(Math.Sin(r) / Math.Sqrt(Math.Abs(Math.Cos(d - r) * Math.Cos(d + r))))) + 1e-9;
        if (halfWidth >= 180)
        {
            return new SkyCone(first, last, [(0, 360)]);
        }

        var from = ra - halfWidth;
        var to = ra + halfWidth;
        IReadOnlyList<(double, double)> ranges = from < 0 ? [(from + 360, 360), (0, to)]
            : to > 360 ? [(from, 360), (0, to - 360)]
            : [(from, to)];
        return new SkyCone(first, last, ranges);
    }
}
