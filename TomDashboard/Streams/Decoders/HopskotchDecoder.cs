using System.Globalization;
using System.Text;
using System.Text.Json;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;

namespace TomDashboard.Streams.Decoders;

/// <summary>
/// SCiMMA Hopskotch messages, following hop-client: the <c>_format</c> header says how the value is encoded
/// (<c>json</c>, <c>voevent</c>, <c>circular</c>, <c>blob</c>, <c>avro</c>); without it, the legacy
/// <c>{"format", "content"}</c> envelope, then plain JSON, then raw bytes.
/// </summary>
public sealed class HopskotchDecoder : IPacketDecoder
{
    private const int MaxNameLength = 100;

    private static readonly string[] NameKeys = ["name", "objectId", "object_name", "target_name", "title", "subject"];

    private static readonly string[] TimeKeys = ["time", "timestamp", "discovery_date", "date"];

    public PacketFormat Format => PacketFormat.Hopskotch;

    public ValueTask<IReadOnlyList<DecodedAlert>> DecodeAsync(StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IReadOnlyList<DecodedAlert>>([Decode(envelope)]);
    }

    private static DecodedAlert Decode(StreamEnvelope envelope)
    {
        // hop-client marks a test message by the presence of the _test header, whatever its value.
        var message = new Message(envelope, MessageId(envelope), envelope.Headers.ContainsKey("_test"));
        var value = LenientJson.WithoutBom(envelope.Value);
        var format = FormatHeader(envelope);
        switch (format?.ToUpperInvariant())
        {
            case null:
                return DecodeUnlabelled(message, value);
            case "JSON":
                using (var parsed = PacketJson.Parse(value, "The Hopskotch json payload"))
                {
                    return MapJson(message, parsed.Root, parsed.Text);
                }

            case "VOEVENT":
                using (var parsed = PacketJson.Parse(value, "The Hopskotch voevent payload"))
                {
                    return MapVoEvent(message, parsed.Root, parsed.Text);
                }

            case "CIRCULAR":
                using (var parsed = PacketJson.Parse(value, "The Hopskotch circular payload"))
                {
                    return MapCircular(message, parsed.Root, parsed.Text);
                }

            case "AVRO":
                throw new PacketDecodeException("Hopskotch avro payloads are not supported yet");
            default:
                // "blob", and formats hop-client does not know, which it also passes on as a blob.
                return MapBlob(message, format, envelope.Value.Length);
        }
    }

    private static string? FormatHeader(StreamEnvelope envelope) =>
        envelope.Headers.TryGetValue("_format", out var raw) && LenientJson.TryDecodeUtf8(raw, out var text) ? LenientJson.NullIfBlank(text) : null;

    /// <summary>The <c>_id</c> header (16 raw UUID bytes) in its standard form; without one, a SHA-256 of the value.</summary>
    private static string MessageId(StreamEnvelope envelope)
    {
        if (envelope.Headers.TryGetValue("_id", out var raw))
        {
            if (raw.Length == 16)
            {
                return new Guid(raw, bigEndian: true).ToString();
            }

            if (LenientJson.TryDecodeUtf8(raw, out var text) && Guid.TryParse(text.Trim(), out var written))
            {
                return written.ToString();
            }
        }

        return LenientJson.Sha256Hex(envelope.Value);
    }

    private static DecodedAlert DecodeUnlabelled(Message message, ReadOnlyMemory<byte> value)
    {
        if (!LenientJson.TryParse(value, out var parsed, out _))
        {
            return MapBlob(message, "blob", message.Envelope.Value.Length);
        }

        using (parsed)
        {
            var root = parsed.Root;
            if (LenientJson.Text(root, "format") is { } legacyFormat && root.TryGetProperty("content", out var content))
            {
                // The old envelope: "blob" there was the label for JSON; content is already decoded JSON.
                var raw = content.GetRawText();
                return legacyFormat.ToUpperInvariant() switch
                {
                    "VOEVENT" => MapVoEvent(message, content, raw),
                    "CIRCULAR" => MapCircular(message, content, raw),
                    _ => MapJson(message, content, raw),
                };
            }

            return MapJson(message, root, parsed.Text);
        }
    }

    private static DecodedAlert MapJson(Message message, JsonElement content, string rawJson)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (content.ValueKind != JsonValueKind.Object)
        {
            var name = content.ValueKind == JsonValueKind.String ? FirstLine(content.GetString()) : null;
            return Build(message, message.Id, name ?? message.Id, rawJson, fields);
        }

        LenientJson.AddScalarFields(fields, content, nested: false);
        return Build(
            message,
            message.Id,
            FirstText(content, NameKeys) ?? message.Id,
            rawJson,
            fields,
            FirstTime(content, TimeKeys),
            ReadRa(content, "ra"),
            ReadDec(content, "dec"));
    }

    /// <summary>The JSON form of a VOEvent (hop-client: xmltodict, attributes without a prefix).</summary>
    private static DecodedAlert MapVoEvent(Message message, JsonElement voevent, string rawJson)
    {
        if (voevent.ValueKind != JsonValueKind.Object)
        {
            throw new PacketDecodeException("The Hopskotch voevent payload is not a JSON object.");
        }

        var ivorn = LenientJson.Text(voevent, "ivorn") ?? throw new PacketDecodeException("The Hopskotch voevent payload has no ivorn.");
        var fragment = ivorn.IndexOf('#', StringComparison.Ordinal);
        var name = fragment >= 0 && fragment < ivorn.Length - 1 ? ivorn[(fragment + 1)..] : ivorn;

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ivorn"] = ivorn };
        if (LenientJson.Text(voevent, "role") is { } role)
        {
            fields["role"] = role;
        }

        if (LenientJson.TryGet(voevent, "What", out var what))
        {
            AddParams(fields, what);
            if (LenientJson.TryGet(what, "Group", out var groups))
            {
                foreach (var group in Items(groups))
                {
                    AddParams(fields, group);
                }
            }
        }

        double? ra = null, dec = null;
        DateTimeOffset? timestamp = null;
        if (LenientJson.TryGetPath(voevent, out var coords, "WhereWhen", "ObsDataLocation", "ObservationLocation", "AstroCoords"))
        {
            if (LenientJson.TryGetPath(coords, out var value2, "Position2D", "Value2"))
            {
                ra = ReadRa(value2, "C1");
                dec = ReadDec(value2, "C2");
            }

            if (LenientJson.TryGetPath(coords, out var isoTime, "Time", "TimeInstant", "ISOTime")
                && LenientJson.Text(isoTime) is { } isoText
                && AstroTime.TryParseUtc(isoText, out var observed))
            {
                timestamp = observed;
            }
        }

        if (timestamp is null && LenientJson.TryGet(voevent, "Who", out var who))
        {
            timestamp = LenientJson.Time(who, "Date");
        }

        return Build(message, ivorn, name, rawJson, fields, timestamp, ra, dec);
    }

    /// <summary>A GCN circular: hop-client's <c>{header, body}</c> or GCN's <c>{subject, body, circularId, createdOn}</c>.</summary>
    private static DecodedAlert MapCircular(Message message, JsonElement circular, string rawJson)
    {
        if (circular.ValueKind != JsonValueKind.Object)
        {
            throw new PacketDecodeException("The Hopskotch circular payload is not a JSON object.");
        }

        LenientJson.TryGet(circular, "header", out var header);
        var subject = LenientJson.Text(header, "subject") ?? LenientJson.Text(circular, "subject")
            ?? LenientJson.Text(header, "title") ?? LenientJson.Text(circular, "title");

        DateTimeOffset? timestamp = null;
        if (LenientJson.TryGetNumber(circular, "createdOn", out var createdOn) && Math.Abs(createdOn) < 1e15)
        {
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)createdOn);
        }
        else if (LenientJson.Text(header, "date") is { } date && TryParseCircularDate(date, out var sent))
        {
            timestamp = sent;
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        LenientJson.AddScalarFields(fields, circular, nested: true);
        return Build(message, message.Id, Shorten(subject) ?? message.Id, rawJson, fields, timestamp);
    }

    private static DecodedAlert MapBlob(Message message, string? format, int length)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("format", format ?? "blob");
            writer.WriteNumber("length", length);
            writer.WriteEndObject();
        }

        return Build(message, message.Id, "blob", Encoding.UTF8.GetString(buffer.ToArray()), new Dictionary<string, object?>(StringComparer.Ordinal));
    }

    private static DecodedAlert Build(
        Message message,
        string id,
        string name,
        string rawJson,
        Dictionary<string, object?> fields,
        DateTimeOffset? timestamp = null,
        double? ra = null,
        double? dec = null)
    {
        if (message.IsTest)
        {
            fields["test"] = true;
        }

        var envelope = message.Envelope;
        return new DecodedAlert
        {
            Alert = new GenericAlert
            {
                Id = id,
                Name = name,
                Source = envelope.Stream,
                Timestamp = timestamp,
                Ra = ra,
                Dec = dec,
                RawJson = rawJson,
                Topic = envelope.Topic,
                ReceivedAt = envelope.ReceivedAt,
            },
            Fields = fields,
        };
    }

    /// <summary>VOEvent <c>Param</c> elements (one object, or a list) as fields by name; numeric values as numbers.</summary>
    private static void AddParams(Dictionary<string, object?> fields, JsonElement parent)
    {
        if (!LenientJson.TryGet(parent, "Param", out var parameters))
        {
            return;
        }

        foreach (var parameter in Items(parameters))
        {
            if (LenientJson.Text(parameter, "name") is not { } name || !LenientJson.TryGet(parameter, "value", out var value))
            {
                continue;
            }

            if (LenientJson.TryGetNumber(value, out var number))
            {
                fields[name] = number;
            }
            else if (LenientJson.TryGetFieldValue(value, out var field))
            {
                fields[name] = field;
            }
        }
    }

    /// <summary>xmltodict gives a repeated element as a list and a single one as itself.</summary>
    private static List<JsonElement> Items(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray()] : [element];

    private static string? FirstText(JsonElement content, string[] keys)
    {
        foreach (var key in keys)
        {
            if (Shorten(LenientJson.Text(content, key)) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    private static DateTimeOffset? FirstTime(JsonElement content, string[] keys)
    {
        foreach (var key in keys)
        {
            if (LenientJson.TryGet(content, key, out var value) && value.ValueKind == JsonValueKind.String
                && AstroTime.TryParseUtc(value.GetString(), out var time))
            {
                return time;
            }
        }

        return null;
    }

    /// <summary>RA as degrees (number or decimal text) or sexagesimal hours.</summary>
    private static double? ReadRa(JsonElement parent, string name)
    {
        if (!LenientJson.TryGet(parent, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var degrees) && degrees is >= 0 and < 360 => degrees,
            JsonValueKind.String when Sexagesimal.TryParseRa(value.GetString(), out var degrees) => degrees,
            _ => null,
        };
    }

    /// <summary>Dec as degrees (number or decimal text) or sexagesimal degrees.</summary>
    private static double? ReadDec(JsonElement parent, string name)
    {
        if (!LenientJson.TryGet(parent, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var degrees) && degrees is >= -90 and <= 90 => degrees,
            JsonValueKind.String when Sexagesimal.TryParseDec(value.GetString(), out var degrees) => degrees,
            _ => null,
        };
    }

    private static string? FirstLine(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            if (Shorten(line) is { } first)
            {
                return first;
            }
        }

        return null;
    }

    /// <summary>A name fit for a target: trimmed, one line, at most 100 characters.</summary>
    private static string? Shorten(string? text)
    {
        var trimmed = LenientJson.NullIfBlank(text?.Split('\n')[0]);
        return trimmed is { Length: > MaxNameLength } ? trimmed[..MaxNameLength].TrimEnd() : trimmed;
    }

    /// <summary>
    /// GCN circular e-mails date themselves <c>yy/mm/dd HH:MM:SS GMT</c> (read exactly: the invariant culture would take
    /// it for mm/dd/yy); other senders use RFC 2822, which may end in a comment such as <c>(EDT)</c>.
    /// </summary>
    private static bool TryParseCircularDate(string date, out DateTimeOffset time)
    {
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(date.Trim(), "yy/MM/dd HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, utc, out time))
        {
            return true;
        }

        var comment = date.IndexOf('(', StringComparison.Ordinal);
        return AstroTime.TryParseUtc(comment > 0 ? date[..comment] : date, out time);
    }

    private sealed record Message(StreamEnvelope Envelope, string Id, bool IsTest);
}
