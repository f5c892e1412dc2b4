namespace TomDashboard.Astronomy;

/// <summary>Equatorial (ICRS/J2000) to galactic coordinates.</summary>
public static class GalacticCoordinates
{
    // Rows of the J2000 equatorial-to-galactic rotation (Hipparcos, ESA 1997, vol. 1, §1.5.3).
    private static readonly double[,] Rotation =
    {
        { -0.0548755604162154, -0.8734370902348850, -0.4838350155487132 },
        { +0.4941094278755837, -0.4448296299600112, +0.7469822444972189 },
        { -0.8676661490190047, -0.1980763734312015, +0.4559837761750669 },
    };

    /// <summary>Galactic longitude l in [0, 360) and latitude b in [-90, 90], degrees.</summary>
    public static (double L, double B) FromEquatorial(double raDegrees, double decDegrees)
    {
        var ra = raDegrees * Math.PI / 180;
        var dec = decDegrees * Math.PI / 180;
        Span<double> equatorial = [Math.Cos(dec) * Math.Cos(ra), Math.Cos(dec) * Math.Sin(ra), Math.Sin(dec)];
        Span<double> galactic = stackalloc double[3];
        for (var row = 0; row < 3; row++)
        {
            galactic[row] = Rotation[row, 0] * equatorial[0] + Rotation[row, 1] * equatorial[1] + Rotation[row, 2] * equatorial[2];
        }

        var l = Math.Atan2(galactic[1], galactic[0]) * 180 / Math.PI;
        var b = Math.Asin(Math.Clamp(galactic[2], -1, 1)) * 180 / Math.PI;
        return (l < 0 ? l + 360 : l, b);
    }
}
