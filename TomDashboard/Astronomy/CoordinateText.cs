using System.Globalization;

namespace TomDashboard.Astronomy;

/// <summary>
/// A coordinate as someone typed it (a form field, a CSV cell): degrees or sexagesimal. <see cref="Degrees"/> is null
/// for an empty text; <see cref="Problem"/> says why a text could not be read.
/// </summary>
public readonly record struct CoordinateReading(double? Degrees, string? Problem, bool WasSexagesimal)
{
    public bool IsEmpty => Degrees is null && Problem is null;
}

/// <summary>Reads RA and Dec typed as decimal degrees or sexagesimal, for forms and imports.</summary>
public static class CoordinateText
{
    public const string RaProblem = "RA must be in degrees (187.70593) or in hours, minutes and seconds (12:30:49.42).";

    public const string DecProblem = "Dec must be in degrees (-0.5) or in degrees, minutes and seconds (-00:30:00).";

    /// <summary>
    /// RA in degrees or sexagesimal hours. A plain number is taken as degrees even outside 0 to 360, so that the
    /// range check that follows can say what is wrong with it.
    /// </summary>
    public static CoordinateReading ReadRa(string? text) => Read(text, Sexagesimal.TryParseRa, RaProblem);

    /// <summary>Dec in degrees or sexagesimal degrees; a plain number is taken as degrees even outside ±90.</summary>
    public static CoordinateReading ReadDec(string? text) => Read(text, Sexagesimal.TryParseDec, DecProblem);

    /// <summary>The other notation of a value read from text (sexagesimal for degrees, degrees for sexagesimal), for helper text.</summary>
    public static string? OtherForm(CoordinateReading reading, bool isRa)
    {
        if (reading.Degrees is not { } degrees || (isRa ? degrees is < 0 or >= 360 : degrees is < -90 or > 90))
        {
            return null;
        }

        if (reading.WasSexagesimal)
        {
            return (isRa ? CoordinateFormat.FormatRaDegrees(degrees, 6) : CoordinateFormat.FormatDecDegrees(degrees, 6)) + "°";
        }

        return isRa ? $"{Sexagesimal.FormatRa(degrees)} (h:m:s)" : $"{Sexagesimal.FormatDec(degrees)} (d:m:s)";
    }

    private delegate bool Parser(string? text, out double degrees);

    private static CoordinateReading Read(string? text, Parser parse, string problem)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            return double.IsFinite(plain) ? new CoordinateReading(plain, null, false) : new CoordinateReading(null, problem, false);
        }

        return parse(trimmed, out var degrees)
            ? new CoordinateReading(degrees, null, true)
            : new CoordinateReading(null, problem, false);
    }
}
