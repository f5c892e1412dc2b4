using System.Globalization;
using System.Text.RegularExpressions;

namespace TomDashboard.Astronomy;

/// <summary>Right ascension and declination between decimal degrees and sexagesimal notation.</summary>
public static partial class Sexagesimal
{
    /// <summary>RA in degrees to <c>HH:MM:SS.sss</c>.</summary>
    public static string FormatRa(double raDegrees, int secondDecimals = 3)
    {
        if (!double.IsFinite(raDegrees))
        {
            return raDegrees.ToString(CultureInfo.InvariantCulture);
        }

        var hours = Normalise360(raDegrees) / 15.0;
        var (h, m, s) = Split(hours, secondDecimals, 24);
        return string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00}:{FormatSeconds(s, secondDecimals)}");
    }

    /// <summary>Dec in degrees to <c>±DD:MM:SS.ss</c>; the sign belongs to the whole value.</summary>
    public static string FormatDec(double decDegrees, int secondDecimals = 2)
    {
        if (!double.IsFinite(decDegrees))
        {
            return decDegrees.ToString(CultureInfo.InvariantCulture);
        }

        var (d, m, s) = Split(Math.Abs(decDegrees), secondDecimals, int.MaxValue);
        // The sign of the shown value: a tiny negative Dec that rounds to zero reads +00:00:00.00.
        var sign = decDegrees < 0 && (d, m, s) != (0, 0, 0.0) ? '-' : '+';
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{d:00}:{m:00}:{FormatSeconds(s, secondDecimals)}");
    }

    /// <summary>Reads RA as decimal degrees or as sexagesimal hours (<c>HH:MM:SS.s</c>, <c>HH MM SS</c>, <c>12h34m56s</c>).</summary>
    public static bool TryParseRa(string? text, out double raDegrees)
    {
        raDegrees = double.NaN;
        if (!TryParseParts(text, out var negative, out var parts, out var isDecimal))
        {
            return false;
        }

        var value = isDecimal ? parts[0] : 15.0 * Combine(parts);
        if (negative || value < 0 || value >= 360)
        {
            return false;
        }

        raDegrees = value;
        return true;
    }

    /// <summary>Reads Dec as decimal degrees or as sexagesimal degrees (<c>-DD:MM:SS.s</c>); <c>-00:30:00</c> is −0.5°.</summary>
    public static bool TryParseDec(string? text, out double decDegrees)
    {
        decDegrees = double.NaN;
        if (!TryParseParts(text, out var negative, out var parts, out var isDecimal))
        {
            return false;
        }

        var magnitude = isDecimal ? Math.Abs(parts[0]) : Combine(parts);
        var value = negative || (isDecimal && parts[0] < 0) ? -magnitude : magnitude;
        if (value is < -90 or > 90)
        {
            return false;
        }

        decDegrees = value;
        return true;
    }

    private static double Normalise360(double degrees)
    {
        var wrapped = degrees % 360.0;
        return wrapped < 0 ? wrapped + 360.0 : wrapped;
    }

    private static (int Whole, int Minutes, double Seconds) Split(double value, int secondDecimals, int wholeModulus)
    {
        // Round once, at the last shown digit, so 59.9996 s never prints as "60.000".
        var scale = Math.Pow(10, secondDecimals);
        var totalUnits = Math.Round(value * 3600.0 * scale, MidpointRounding.AwayFromZero);
        var unitsPerMinute = (long)(60 * scale);
        var unitsPerWhole = 60 * unitsPerMinute;
        var whole = (long)(totalUnits / unitsPerWhole);
        var rest = totalUnits - whole * unitsPerWhole;
        var minutes = (long)(rest / unitsPerMinute);
        var seconds = (rest - minutes * unitsPerMinute) / scale;
        return ((int)(whole % wholeModulus), (int)minutes, seconds);
    }

    private static string FormatSeconds(double seconds, int decimals) =>
        decimals == 0
            ? seconds.ToString("00", CultureInfo.InvariantCulture)
            : seconds.ToString("00." + new string('0', decimals), CultureInfo.InvariantCulture);

    private static double Combine(double[] parts) =>
        parts[0] + (parts.Length > 1 ? parts[1] / 60.0 : 0) + (parts.Length > 2 ? parts[2] / 3600.0 : 0);

    private static bool TryParseParts(string? text, out bool negative, out double[] parts, out bool isDecimal)
    {
        negative = false;
        parts = [];
        isDecimal = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            if (!double.IsFinite(plain))
            {
                return false;
            }

            parts = [plain];
            isDecimal = true;
            return true;
        }

        var match = SexagesimalPattern().Match(trimmed);
        if (!match.Success)
        {
            return false;
        }

        negative = match.Groups["sign"].Value == "-";
        var values = new List<double>(3);
        foreach (var name in new[] { "a", "b", "c" })
        {
            var group = match.Groups[name];
            if (group.Success)
            {
                values.Add(double.Parse(group.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }

        // Minutes and seconds must be below 60; only the last part may have decimals.
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] >= 60)
            {
                return false;
            }
        }

        parts = [.. values];
        return true;
    }

    [GeneratedRegex(@"^(?<sign>[+-])?\s*(?<a>\d+(?:\.\d+)?)\s*(?:[:\s]|[hHdD°])\s*(?<b>\d+(?:\.\d+)?)(?:\s*(?:[:\s]|[mM'′])\s*(?<c>\d+(?:\.\d+)?))?\s*[mMsS'′""″]?$")]
    private static partial Regex SexagesimalPattern();
}
