using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TomDashboard.Brokers;

/// <summary>JSON settings shared by brokers, saved query parameters and the raw-alert view.</summary>
public static class BrokerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    // Shown as text (Blazor escapes it), so characters such as < stay readable instead of \u003C.
    private static readonly JsonSerializerOptions Indented = new(Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions CompactText = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A broker's item as it sent it (every field, in its order, numbers with their digits), without the indentation a
    /// pretty-printed body gives each item: the text View shows, kept once per row.
    /// </summary>
    public static string Compact(JsonElement item) => JsonSerializer.Serialize(item, CompactText);

    /// <summary>Pretty-prints JSON for reading; text that is not JSON is returned as it is.</summary>
    public static string Indent(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}

/// <summary>
/// Reads an id sent as a JSON string or a bare number, keeping every digit (no trip through double).
/// </summary>
public sealed class StringOrNumberIdConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number when reader.TryGetInt64(out var whole) => whole.ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected an id as a string or a number, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
