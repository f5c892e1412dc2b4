using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TomDashboard.Astronomy;

namespace TomDashboard.Alerts;

/// <summary>
/// Lenient JSON reading for every feature that reads remote JSON (stream decoders, brokers): parsing that survives
/// Python's bare NaN, ids with every digit, numbers sent as strings, and the scalar fields that handler conditions test.
/// </summary>
internal static class LenientJson
{
    /// <summary>Longer strings (sky maps, Base64 files, circular bodies) stay in RawJson only, not in the handler fields.</summary>
    public const int MaxFieldTextLength = 2048;

    /// <summary>2^53: the largest integer a double holds exactly.</summary>
    private const long ExactDoubleLimit = 1L << 53;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The message bytes without a UTF-8 byte order mark.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(byte[] value) =>
        value.Length >= 3 && value[0] == 0xEF && value[1] == 0xBB && value[2] == 0xBF ? value.AsMemory(3) : value;

    /// <summary>
    /// Parses JSON, also when a Python producer wrote bare <c>NaN</c> or <c>Infinity</c> (not JSON): those become null,
    /// and the repaired text is what <see cref="ParsedJson.Text"/> keeps. The error is null for an empty message.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ParsedJson? parsed, out JsonException? error)
    {
        parsed = null;
        error = null;
        if (IsBlank(utf8.Span))
        {
            return false;
        }

        try
        {
            var document = JsonDocument.Parse(utf8, DocumentOptions);
            parsed = new ParsedJson(document, Encoding.UTF8.GetString(utf8.Span));
            return true;
        }
        catch (JsonException exception)
        {
            error = exception;
        }

        if (TryDecodeUtf8(utf8.Span, out var text) && TryReplaceNonFiniteNumbers(text, out var repaired))
        {
            try
            {
                parsed = new ParsedJson(JsonDocument.Parse(repaired, DocumentOptions), repaired);
                return true;
            }
            catch (JsonException)
            {
                // Report the error of the text as it came.
            }
        }

        return false;
    }

    public static bool TryDecodeUtf8(ReadOnlySpan<byte> utf8, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        try
        {
            text = StrictUtf8.GetString(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = null;
            return false;
        }
    }

    /// <summary>The property, when the element is an object that has it with a value other than null.</summary>
    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Follows a path of property names.</summary>
    public static bool TryGetPath(JsonElement element, out JsonElement value, params ReadOnlySpan<string> path)
    {
        value = element;
        foreach (var name in path)
        {
            if (!TryGet(value, name, out value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An id sent as a string or a bare number, with every digit (never through a double).</summary>
    public static string? IdText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => NullIfBlank(element.GetString()),
        JsonValueKind.Number when element.TryGetInt64(out var whole) => whole.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number when element.TryGetUInt64(out var unsigned) => unsigned.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };

    public static string? IdText(JsonElement parent, string name) => TryGet(parent, name, out var value) ? IdText(value) : null;

    /// <summary>A non-blank string property (numbers are given as their JSON text).</summary>
    public static string? Text(JsonElement parent, string name) => TryGet(parent, name, out var value) ? Text(value) : null;

    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => NullIfBlank(value.GetString()),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>A finite number, sent as a JSON number or as a numeric string.</summary>
    public static bool TryGetNumber(JsonElement parent, string name, out double number)
    {
        number = double.NaN;
        return TryGet(parent, name, out var value) && TryGetNumber(value, out number);
    }

    public static bool TryGetNumber(JsonElement value, out double number)
    {
        number = double.NaN;
        var read = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        return read && double.IsFinite(number);
    }

    public static double? Number(JsonElement parent, string name) => TryGetNumber(parent, name, out var number) ? number : null;

    /// <summary>An ISO 8601 date or date-time property; no zone means UTC.</summary>
    public static DateTimeOffset? Time(JsonElement parent, string name) =>
        Text(parent, name) is { } text && AstroTime.TryParseUtc(text, out var time) ? time : null;

    /// <summary>
    /// A scalar as a handler field: numbers as double (integers beyond 2^53 as long, so ids keep every digit),
    /// strings up to <see cref="MaxFieldTextLength"/>, booleans. Null, objects, arrays and long strings have no field.
    /// </summary>
    public static bool TryGetFieldValue(JsonElement value, out object? field)
    {
        field = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var whole) && (whole > ExactDoubleLimit || whole < -ExactDoubleLimit):
                field = whole;
                return true;
            case JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number):
                field = number;
                return true;
            case JsonValueKind.String when value.GetString() is { Length: <= MaxFieldTextLength } text:
                field = text;
                return true;
            case JsonValueKind.True:
            case JsonValueKind.False:
                field = value.GetBoolean();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Adds the object's scalar properties as fields; with <paramref name="nested"/>, inner objects too, as <c>outer.inner</c>.</summary>
    public static void AddScalarFields(Dictionary<string, object?> fields, JsonElement element, bool nested, string prefix = "")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = prefix + property.Name;
            if (TryGetFieldValue(property.Value, out var field))
            {
                fields[name] = field;
            }
            else if (nested && property.Value.ValueKind == JsonValueKind.Object)
            {
                AddScalarFields(fields, property.Value, nested, name + ".");
            }
        }
    }

    /// <summary>Lower-case hex SHA-256: a stable id for a message that carries none.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Replaces bare NaN, Infinity and -Infinity outside strings with null.</summary>
    private static bool TryReplaceNonFiniteNumbers(string text, out string repaired)
    {
        var builder = new StringBuilder(text.Length);
        var replaced = false;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                builder.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    builder.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                builder.Append(c);
                continue;
            }

            var token = MatchNonFinite(text, i);
            if (token > 0)
            {
                builder.Append("null");
                i += token - 1;
                replaced = true;
                continue;
            }

            builder.Append(c);
        }

        repaired = builder.ToString();
        return replaced;
    }

    private static int MatchNonFinite(string text, int start)
    {
        if (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '.'))
        {
            return 0;
        }

        foreach (var token in (ReadOnlySpan<string>)["-Infinity", "+Infinity", "Infinity", "NaN"])
        {
            var end = start + token.Length;
            if (string.CompareOrdinal(text, start, token, 0, token.Length) == 0 && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return token.Length;
            }
        }

        return 0;
    }
}

/// <summary>A parsed JSON message and the text it was parsed from.</summary>
internal sealed class ParsedJson(JsonDocument document, string text) : IDisposable
{
    public JsonElement Root => document.RootElement;

    public string Text { get; } = text;

    public void Dispose() => document.Dispose();
}
