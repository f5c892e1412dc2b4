using System.Globalization;

namespace TomDashboard.Astronomy;

/// <summary>The one home for conversions between astronomical time scales and UTC instants.</summary>
public static class AstroTime
{
    /// <summary>MJD of the Unix epoch, 1970-01-01T00:00:00 UTC.</summary>
    public const double UnixEpochMjd = 40587.0;

    /// <summary>JD − MJD.</summary>
    public const double MjdOffset = 2400000.5;

    private const double TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>
    /// TAI − UTC in whole seconds from each UTC date on (IERS Leap_Second.dat). Before 1972 UTC used rubber seconds
    /// with fractional offsets; those years are treated as 10 s, which no alert broker's data reaches.
    /// </summary>
    private static readonly (DateTimeOffset FromUtc, int Seconds)[] LeapSeconds =
    [
        (Utc(1972, 1), 10), (Utc(1972, 7), 11), (Utc(1973, 1), 12), (Utc(1974, 1), 13), (Utc(1975, 1), 14),
        (Utc(1976, 1), 15), (Utc(1977, 1), 16), (Utc(1978, 1), 17), (Utc(1979, 1), 18), (Utc(1980, 1), 19),
        (Utc(1981, 7), 20), (Utc(1982, 7), 21), (Utc(1983, 7), 22), (Utc(1985, 7), 23), (Utc(1988, 1), 24),
        (Utc(1990, 1), 25), (Utc(1991, 1), 26), (Utc(1992, 7), 27), (Utc(1993, 7), 28), (Utc(1994, 7), 29),
        (Utc(1996, 1), 30), (Utc(1997, 7), 31), (Utc(1999, 1), 32), (Utc(2006, 1), 33), (Utc(2009, 1), 34),
        (Utc(2012, 7), 35), (Utc(2015, 7), 36), (Utc(2017, 1), 37),
    ];

    public static DateTimeOffset FromMjd(double mjd) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((long)Math.Round((mjd - UnixEpochMjd) * TicksPerDay));

    public static DateTimeOffset FromJd(double jd) => FromMjd(jd - MjdOffset);

    /// <summary>TAI − UTC at a UTC instant: 37 s since 2017-01-01, less before (10 s in 1972).</summary>
    public static TimeSpan TaiMinusUtc(DateTimeOffset utc)
    {
        var seconds = LeapSeconds[0].Seconds;
        foreach (var (fromUtc, offset) in LeapSeconds)
        {
            if (utc < fromUtc)
            {
                break;
            }

            seconds = offset;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>
    /// Rubin times are MJD in TAI. UTC = TAI − (TAI − UTC), with the offset in force at that instant. A TAI time
    /// inside a leap second (23:59:60 UTC, which <see cref="DateTimeOffset"/> cannot hold) reads as the last tick of
    /// 23:59:59, so times never run backwards.
    /// </summary>
    public static DateTimeOffset FromMjdTai(double mjdTai)
    {
        // The TAI instant, counted on a calendar without leap seconds.
        var tai = FromMjd(mjdTai);
        var seconds = LeapSeconds[0].Seconds;
        for (var i = 0; i < LeapSeconds.Length; i++)
        {
            var (fromUtc, offset) = LeapSeconds[i];
            if (tai < fromUtc + TimeSpan.FromSeconds(offset))
            {
                // Before this step: inside the inserted second if TAI has passed the old offset's midnight.
                if (i > 0 && tai >= fromUtc + TimeSpan.FromSeconds(seconds))
                {
                    return fromUtc - TimeSpan.FromTicks(1);
                }

                break;
            }

            seconds = offset;
        }

        return tai - TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A UTC instant as MJD in TAI (Rubin's time scale).</summary>
    public static double ToMjdTai(DateTimeOffset utc) => ToMjd(utc + TaiMinusUtc(utc));

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

    private static DateTimeOffset Utc(int year, int month) => new(year, month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>ISO 8601 in UTC to the second, the way the grids show time.</summary>
    public static string FormatUtc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
