using System.Globalization;
using System.Text;
using System.Text.Json;
using Avro.Generic;

namespace TomDashboard.Streams.Decoders;

/// <summary>Reading fields of Apache.Avro generic records, and writing them as JSON for View.</summary>
internal static class AvroRecords
{
    public static object? Field(this GenericRecord record, string name) =>
        record.TryGetValue(name, out var value) ? value : null;

    public static GenericRecord? Record(this GenericRecord record, string name) => record.Field(name) as GenericRecord;

    public static string? String(this GenericRecord record, string name) => record.Field(name) switch
    {
        null => null,
        string text => text,
        GenericEnum symbol => symbol.Value,
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };

    public static double? Double(this GenericRecord record, string name) => record.Field(name) switch
    {
        double value => value,
        float value => value,
        int value => value,
        long value => value,
        _ => null,
    };

    public static long? Long(this GenericRecord record, string name) => record.Field(name) switch
    {
        long value => value,
        int value => value,
        _ => null,
    };

    public static IEnumerable<GenericRecord> Records(this GenericRecord record, string name) => record.Field(name) switch
    {
        IEnumerable<object> items => items.OfType<GenericRecord>(),
        System.Collections.IEnumerable items => items.OfType<GenericRecord>(),
        _ => [],
    };

    /// <summary>The record's scalar fields by name, for handler conditions (strings, numbers and booleans).</summary>
    public static Dictionary<string, object?> Scalars(this GenericRecord record)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in record.Schema.Fields)
        {
            var value = record.Field(field.Name);
            fields[field.Name] = value switch
            {
                float single => (double)single,
                GenericEnum symbol => symbol.Value,
                string or int or long or double or bool or null => value,
                _ => null,
            };
        }

        return fields;
    }

    /// <summary>The record as indented JSON; binary fields (cutout stamps) are summarised, not dumped.</summary>
    public static string ToJson(GenericRecord record)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, record);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case GenericRecord record:
                writer.WriteStartObject();
                foreach (var field in record.Schema.Fields)
                {
                    writer.WritePropertyName(field.Name);
                    Write(writer, record.Field(field.Name));
                }

                writer.WriteEndObject();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                // 64-bit ids stay exact: as strings, never through a double.
                writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float or double:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                writer.WriteStringValue($"<{bytes.Length} bytes>");
                break;
            case GenericEnum symbol:
                writer.WriteStringValue(symbol.Value);
                break;
            case GenericFixed fixedValue:
                writer.WriteStringValue(Convert.ToHexString(fixedValue.Value));
                break;
            case IDictionary<string, object> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
