using System.Globalization;

namespace TomDashboard.Astronomy;

/// <summary>RA and Dec in decimal degrees, the way every page shows them.</summary>
public static class CoordinateFormat
{
    /// <summary>
    /// RA in [0, 360) to <paramref name="decimals"/> places. It wraps after rounding, so 359.999999 shows as
    /// 0.00000, never as 360.00000.
    /// </summary>
    public static string FormatRaDegrees(double raDegrees, int decimals = 5)
    {
        if (!double.IsFinite(raDegrees))
        {
            return raDegrees.ToString(CultureInfo.InvariantCulture);
        }

        var wrapped = raDegrees % 360.0;
        var rounded = Math.Round(wrapped < 0 ? wrapped + 360.0 : wrapped, decimals, MidpointRounding.AwayFromZero);
        if (rounded >= 360.0)
        {
            rounded -= 360.0;
        }

        // + 0.0 turns −0 into 0, which would print as "-0.00000".
        return (rounded + 0.0).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Dec to <paramref name="decimals"/> places, always signed; a value that rounds to zero is +0.</summary>
    public static string FormatDecDegrees(double decDegrees, int decimals = 5)
    {
        if (!double.IsFinite(decDegrees))
        {
            return decDegrees.ToString(CultureInfo.InvariantCulture);
        }

        var rounded = Math.Round(decDegrees, decimals, MidpointRounding.AwayFromZero);
        var text = Math.Abs(rounded).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (rounded < 0 ? "-" : "+") + text;
    }
}
