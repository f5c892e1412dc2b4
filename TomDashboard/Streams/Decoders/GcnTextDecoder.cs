using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;

namespace TomDashboard.Streams.Decoders;

/// <summary>
/// GCN classic text notices (<c>gcn.classic.text.*</c>): lines of <c>KEY:   value</c>, where a value may go on over
/// indented lines (<c>GRB_RA</c> gives J2000, then current and 1950) and a key may repeat (<c>COMMENTS</c>).
/// </summary>
public sealed partial class GcnTextDecoder : IPacketDecoder
{
    private const string What = "The GCN text notice";

    /// <summary>The date and time keys of the event a notice is about, in the order they are tried.</summary>
    private static readonly (string Date, string Time)[] EventTimes =
    [
        ("GRB_DATE", "GRB_TIME"),
        ("TRIGGER_DATE", "TRIGGER_TIME"),
        ("EVENT_DATE", "EVENT_TIME"),
        ("DISCOVERY_DATE", "DISCOVERY_TIME"),
        ("IMG_START_DATE", "IMG_START_TIME"),
        ("SLEW_DATE", "SLEW_TIME"),
    ];

    private static readonly string[] RaKeys = ["GRB_RA", "SRC_RA", "POINT_RA"];

    private static readonly string[] DecKeys = ["GRB_DEC", "SRC_DEC", "POINT_DEC"];

    private static readonly JsonWriterOptions RawJsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public PacketFormat Format => PacketFormat.GcnText;

    public ValueTask<IReadOnlyList<DecodedAlert>> DecodeAsync(StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IReadOnlyList<DecodedAlert>>([Decode(envelope)]);
    }

    private static DecodedAlert Decode(StreamEnvelope envelope)
    {
        var text = Encoding.UTF8.GetString(LenientJson.WithoutBom(envelope.Value).Span);
        var notice = ReadKeyValues(text);
        if (notice.Count == 0)
        {
            throw new PacketDecodeException($"{What} has no KEY: value lines.");
        }

        var title = Value(notice, "TITLE");
        var noticeType = Value(notice, "NOTICE_TYPE");
        var noticeDate = Value(notice, "NOTICE_DATE");
        var trigger = Value(notice, "TRIGGER_NUM") is { } triggerValue ? LenientJson.NullIfBlank(triggerValue.Split(',', '\n')[0]) : null;
        if (title is null && noticeType is null && trigger is null)
        {
            throw new PacketDecodeException($"{What} has no TITLE, NOTICE_TYPE or TRIGGER_NUM.");
        }

        // A gravitational-wave notice is about the superevent: its id is the name astronomers use.
        var isGravitationalWave = (title is not null && GravitationalWaveTitle().IsMatch(title))
            || (trigger is not null && SupereventId().IsMatch(trigger));
        var name = isGravitationalWave && trigger is not null
            ? trigger
            : string.Join(' ', new[] { noticeType ?? title, trigger }.OfType<string>());

        string[] idParts = [.. new[] { trigger, noticeType, noticeDate }.OfType<string>()];
        var alert = new GenericAlert
        {
            Id = idParts.Length > 0 ? string.Join('|', idParts) : LenientJson.Sha256Hex(envelope.Value),
            Name = name,
            Source = envelope.Stream,
            Timestamp = ReadEventTime(notice) ?? ReadNoticeDate(noticeDate),
            Ra = FirstDegrees(notice, RaKeys, 0, 360),
            Dec = FirstDegrees(notice, DecKeys, -90, 90),
            RawJson = ToJson(notice),
            Topic = envelope.Topic,
            ReceivedAt = envelope.ReceivedAt,
        };

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in notice)
        {
            fields[key] = LeadingNumber(value) is { } number ? number : value;
        }

        return new DecodedAlert { Alert = alert, Fields = fields };
    }

    /// <summary>The notice's keys in order; continuation lines join their value with a line break, and so do repeated keys.</summary>
    private static OrderedDictionary<string, string> ReadKeyValues(string text)
    {
        var notice = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        string? lastKey = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var match = KeyLine().Match(line);
            if (match.Success)
            {
                var key = match.Groups["key"].Value;
                var value = match.Groups["value"].Value.Trim();
                notice[key] = notice.TryGetValue(key, out var earlier) && earlier.Length > 0
                    ? value.Length > 0 ? earlier + "\n" + value : earlier
                    : value;
                lastKey = key;
            }
            else if (lastKey is not null)
            {
                var earlier = notice[lastKey];
                notice[lastKey] = earlier.Length > 0 ? earlier + "\n" + line.Trim() : line.Trim();
            }
        }

        return notice;
    }

    private static string? Value(OrderedDictionary<string, string> notice, string key) =>
        notice.TryGetValue(key, out var value) ? LenientJson.NullIfBlank(value) : null;

    /// <summary>The degrees that start a position value, <c>187.1234d {+12h 28m 29.6s} (J2000)</c>.</summary>
    private static double? FirstDegrees(OrderedDictionary<string, string> notice, string[] keys, double minimum, double maximum)
    {
        foreach (var key in keys)
        {
            if (Value(notice, key) is { } value && LeadingNumber(value) is { } degrees && degrees >= minimum && degrees <= maximum
                && !(maximum == 360 && degrees == 360))
            {
                return degrees;
            }
        }

        return null;
    }

    private static DateTimeOffset? ReadEventTime(OrderedDictionary<string, string> notice)
    {
        foreach (var (dateKey, timeKey) in EventTimes)
        {
            if (Value(notice, dateKey) is { } date && ReadDate(date) is { } day)
            {
                return Value(notice, timeKey) is { } time && ReadTimeOfDay(time) is { } offset ? day + offset : day;
            }
        }

        return null;
    }

    /// <summary><c>18598 TJD;   115 DOY;   19/04/25</c> (yy/mm/dd, or yyyy/mm/dd for LVC); without that part, the TJD.</summary>
    private static DateTimeOffset? ReadDate(string value)
    {
        var dates = SlashDate().Matches(value);
        if (dates.Count > 0)
        {
            var date = dates[^1];
            var year = int.Parse(date.Groups["year"].Value, CultureInfo.InvariantCulture);
            year = date.Groups["year"].Length == 2 ? CultureInfo.InvariantCulture.Calendar.ToFourDigitYear(year) : year;
            var month = int.Parse(date.Groups["month"].Value, CultureInfo.InvariantCulture);
            var day = int.Parse(date.Groups["day"].Value, CultureInfo.InvariantCulture);
            if (year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                return new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
            }
        }

        // Truncated Julian Day: TJD = JD − 2440000.5, so MJD = TJD + 40000.
        var tjd = TruncatedJulianDay().Match(value);
        return tjd.Success ? AstroTime.FromMjd(40000 + double.Parse(tjd.Groups["tjd"].Value, CultureInfo.InvariantCulture)) : null;
    }

    /// <summary><c>29149.00 SOD {08:05:49.00} UT</c>: the clock part, or else the seconds of day.</summary>
    private static TimeSpan? ReadTimeOfDay(string value)
    {
        var clock = ClockTime().Match(value);
        if (clock.Success)
        {
            var hours = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minutes = int.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture);
            var seconds = double.Parse(clock.Groups["s"].Value, CultureInfo.InvariantCulture);
            if (hours < 24 && minutes < 60 && seconds < 61)
            {
                return new TimeSpan(hours, minutes, 0) + TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            }
        }

        var secondsOfDay = SecondsOfDay().Match(value);
        return secondsOfDay.Success
            && double.Parse(secondsOfDay.Groups["sod"].Value, CultureInfo.InvariantCulture) is var sod and < 86401
            ? TimeSpan.FromTicks((long)Math.Round(sod * TimeSpan.TicksPerSecond))
            : null;
    }

    /// <summary><c>Mon 16 Mar 20 22:01:09 UT</c>, when the notice names no event time.</summary>
    private static DateTimeOffset? ReadNoticeDate(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var normalised = Spaces().Replace(value, " ").Trim();
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParseExact(normalised, ["ddd dd MMM yy HH:mm:ss 'UT'", "ddd d MMM yy HH:mm:ss 'UT'"], CultureInfo.InvariantCulture, utc, out var time)
            ? time
            : null;
    }

    /// <summary>The number a value starts with (<c>7.099e-11 [Hz]</c>, <c>187.1234d {…}</c>, <c>1 = CBC</c>); not <c>0x10</c> or <c>25/01/13</c>.</summary>
    private static double? LeadingNumber(string value)
    {
        var match = LeadingNumberPattern().Match(value);
        return match.Success && double.TryParse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;
    }

    private static string ToJson(OrderedDictionary<string, string> notice)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RawJsonOptions))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in notice)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // KEY: upper-case words joined by underscores (later words may be mixed case, as in PROB_MassGap).
    [GeneratedRegex(@"^(?<key>[A-Z][A-Z0-9]*(?:_[A-Za-z0-9]+)*):(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^\s*(?<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?:d(?![A-Za-z]))?(?=$|[\s,;\[{(])", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNumberPattern();

    [GeneratedRegex(@"(?<!\d)(?<year>\d{4}|\d{2})/(?<month>\d{2})/(?<day>\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"^\s*(?<tjd>\d+(?:\.\d+)?)\s*TJD", RegexOptions.CultureInvariant)]
    private static partial Regex TruncatedJulianDay();

    [GeneratedRegex(@"[{(]\s*(?<h>\d{1,2}):(?<m>\d{2}):(?<s>\d{2}(?:\.\d+)?)\s*[})]", RegexOptions.CultureInvariant)]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"^\s*(?<sod>\d+(?:\.\d+)?)\s*SOD", RegexOptions.CultureInvariant)]
    private static partial Regex SecondsOfDay();

    [GeneratedRegex(@"\b(?:LVC|LVK|IGWN)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GravitationalWaveTitle();

    // GraceDB superevents (S190425z, MS181101ab for mock data) and the older G-numbered events (G298048).
    [GeneratedRegex(@"^(?:M?S\d{6}[a-z]+|G\d{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex SupereventId();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
