using System.Text.Json;
using System.Text.Json.Serialization;
using TomDashboard.Alerts;

namespace TomDashboard.Brokers.Alerce;

/// <summary>
/// One ALeRCE object, ZTF or LSST, read leniently from the item the API sent (ZTF sends <c>ndethist</c> as a string;
/// LSST sends its 64-bit <c>oid</c> as a bare number). The item's own JSON is kept, and is what the object is written
/// as, so the raw view shows the broker's bytes and a target can be made again from them.
/// </summary>
[JsonConverter(typeof(AlerceObjectConverter))]
public sealed record AlerceObject
{
    /// <summary>The object id with every digit: ZTF18abcgqmz, or an LSST diaObjectId as a decimal string.</summary>
    public required string Oid { get; init; }

    public double? MeanRa { get; init; }

    public double? MeanDec { get; init; }

    public double? FirstMjd { get; init; }

    public double? LastMjd { get; init; }

    /// <summary>ZTF <c>ndet</c>, LSST <c>n_det</c>.</summary>
    public int? Detections { get; init; }

    /// <summary>List items only (ZTF): the class, its classifier and its probability.</summary>
    public string? Class { get; init; }

    public string? Classifier { get; init; }

    public double? Probability { get; init; }

    /// <summary>The item exactly as ALeRCE sent it.</summary>
    public required string RawJson { get; init; }

    /// <summary>ZTF object ids start with "ZTF"; LSST ids are diaObjectIds, whole numbers.</summary>
    public Survey Survey => SurveyOf(Oid);

    public static Survey SurveyOf(string oid) =>
        oid.Length > 0 && oid.All(char.IsAsciiDigit) ? Survey.Lsst : Survey.Ztf;

    /// <summary>Reads an item; null when it is not an object with an <c>oid</c>.</summary>
    public static AlerceObject? From(JsonElement item)
    {
        if (LenientJson.IdText(item, "oid") is not { } oid)
        {
            return null;
        }

        return new AlerceObject
        {
            Oid = oid,
            MeanRa = LenientJson.Number(item, "meanra"),
            MeanDec = LenientJson.Number(item, "meandec"),
            FirstMjd = LenientJson.Number(item, "firstmjd"),
            LastMjd = LenientJson.Number(item, "lastmjd"),
            Detections = WholeNumber(item, "ndet") ?? WholeNumber(item, "n_det"),
            Class = LenientJson.Text(item, "class"),
            Classifier = LenientJson.Text(item, "classifier"),
            Probability = LenientJson.Number(item, "probability"),
            RawJson = item.GetRawText(),
        };
    }

    private static int? WholeNumber(JsonElement item, string name) =>
        LenientJson.Number(item, name) is { } number && number is >= int.MinValue and <= int.MaxValue ? (int)number : null;
}

/// <summary>Reads an <see cref="AlerceObject"/> from ALeRCE's item and writes it back as that item.</summary>
public sealed class AlerceObjectConverter : JsonConverter<AlerceObject>
{
    public override AlerceObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return AlerceObject.From(document.RootElement) ?? throw new JsonException("An ALeRCE object needs an oid.");
    }

    public override void Write(Utf8JsonWriter writer, AlerceObject value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteRawValue(value.RawJson);
    }
}
