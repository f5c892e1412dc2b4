using System.Globalization;

namespace TomDashboard.Astronomy;

/// <summary>The one home for conversions between astronomical time scales and UTC instants.</summary>
public static class AstroTime
{
    /// <summary>MJD of the Unix epoch, 1970-01-01T00:00:00 UTC.</summary>
    public const double UnixEpochMjd = 40587.0;

    /// <summary>JD − MJD.</summary>
    public const double MjdOffset = 2400000.5;

    /// <summary>TAI − UTC since 2017-01-01 (no leap second has been announced since).</summary>
    public static readonly TimeSpan TaiMinusUtc = TimeSpan.FromSeconds(37);

    private const double TicksPerDay = TimeSpan.TicksPerDay;

    public static DateTimeOffset FromMjd(double mjd) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((long)Math.Round((mjd - UnixEpochMjd) * TicksPerDay));

    public static DateTimeOffset FromJd(double jd) => FromMjd(jd - MjdOffset);

    /// <summary>Rubin times are MJD in TAI; UTC = TAI − 37 s.</summary>
    public static DateTimeOffset FromMjdTai(double mjdTai) => FromMjd(mjdTai) - TaiMinusUtc;

    public static double ToMjd(DateTimeOffset time) =>
        UnixEpochMjd + (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerDay;

    public static double ToJd(DateTimeOffset time) => ToMjd(time) + MjdOffset;

    /// <summary>
    /// Reads an ISO 8601 date or date-time. Brokers often send no zone: such values are UTC, never local time.
    /// </summary>
    public static bool TryParseUtc(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var parsed))
        {
            time = parsed.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>ISO 8601 in UTC to the second, the way the grids show time.</summary>
    public static string FormatUtc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
