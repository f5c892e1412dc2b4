using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TomDashboard.Brokers.Fink;

/// <summary>
/// One row of a Fink answer: one ZTF alert (<c>i:</c>, <c>d:</c>, <c>v:</c> columns) or one LSST diaSource
/// (<c>r:</c> columns), with every column exactly as Fink sent it, and the row's own text for View, so 64-bit ids keep
/// every digit. The typed readers below clean Fink's sentinels.
/// </summary>
public sealed record FinkAlert
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Columns { get; init; } = new(StringComparer.Ordinal);

    public static FinkAlert FromRow(JsonElement row)
    {
        var columns = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var column in row.EnumerateObject())
        {
            columns[column.Name] = column.Value.Clone();
        }

        return new FinkAlert { Columns = columns, RawJson = row.GetRawText() };
    }

    /// <summary>The row's text as Fink sent it, for View; kept once, not written out again from the columns.</summary>
    [JsonIgnore]
    public string? RawJson { get; init; }

    /// <summary>LSST rows carry Rubin ids (<c>r:diaObjectId</c>); ZTF rows carry <c>i:objectId</c>.</summary>
    [JsonIgnore]
    public bool IsLsst => !Columns.ContainsKey("i:objectId") && (Columns.ContainsKey("r:diaObjectId") || Columns.ContainsKey("i:diaObjectId"));

    /// <summary>Rows of the <c>sso</c> route: Fink adds the resolved <c>sso_name</c> and <c>sso_number</c>.</summary>
    [JsonIgnore]
    public bool IsSolarSystem => Text("sso_name") is not null || Id("sso_number") is not null;

    // ZTF columns.
    [JsonIgnore]
    public string? Candid => Id("i:candid");

    [JsonIgnore]
    public string? ObjectId => Text("i:objectId");

    [JsonIgnore]
    public double? Jd => Number("i:jd");

    [JsonIgnore]
    public int? Fid => Number("i:fid") is { } fid && fid == Math.Floor(fid) ? (int)fid : null;

    [JsonIgnore]
    public double? MagPsf => Number("i:magpsf");

    [JsonIgnore]
    public double? SigmaPsf => Number("i:sigmapsf");

    [JsonIgnore]
    public double? DiffMagLim => Number("i:diffmaglim");

    [JsonIgnore]
    public double? SnIaProbability => Number("d:rf_snia_vs_nonia");

    [JsonIgnore]
    public string? Classification => Text("v:classification");

    [JsonIgnore]
    public string? CdsXmatch => Text("d:cdsxmatch");

    /// <summary>Fink's TNS cross-match: the TNS <em>type</em> (SN Ic-BL, AGN...), not a TNS name.</summary>
    [JsonIgnore]
    public string? TnsType => Text("d:tns");

    [JsonIgnore]
    public double? JdStartHist => Number("i:jdstarthist");

    [JsonIgnore]
    public double? JdEndHist => Number("i:jdendhist");

    /// <summary><c>valid</c>, <c>upperlim</c> or <c>badquality</c> when the rows were asked for with upper limits.</summary>
    [JsonIgnore]
    public string? Tag => Text("d:tag");

    [JsonIgnore]
    public string? SsNameNr => Text("i:ssnamenr");

    [JsonIgnore]
    public string? SsoName => Text("sso_name");

    [JsonIgnore]
    public string? SsoNumber => Id("sso_number");

    // LSST columns; older answers used the i: prefix for Rubin fields, so both are read.
    [JsonIgnore]
    public string? DiaObjectId => Id("r:diaObjectId") ?? Id("i:diaObjectId");

    [JsonIgnore]
    public string? DiaSourceId => Id("r:diaSourceId") ?? Id("i:diaSourceId");

    [JsonIgnore]
    public double? MidpointMjdTai => Number("r:midpointMjdTai") ?? Number("i:midpointMjdTai");

    [JsonIgnore]
    public double? PsfFlux => Number("r:psfFlux") ?? Number("i:psfFlux");

    [JsonIgnore]
    public double? PsfFluxErr => Number("r:psfFluxErr") ?? Number("i:psfFluxErr");

    [JsonIgnore]
    public string? Band => Text("r:band") ?? Text("i:band");

    // Both surveys.
    [JsonIgnore]
    public double? Ra => Number("r:ra") ?? Number("i:ra");

    [JsonIgnore]
    public double? Dec => Number("r:dec") ?? Number("i:dec");

    public string? Text(string column) => Columns.TryGetValue(column, out var value) ? FinkValues.Text(value) : null;

    public double? Number(string column) => Columns.TryGetValue(column, out var value) ? FinkValues.Number(value) : null;

    public string? Id(string column) => Columns.TryGetValue(column, out var value) ? FinkValues.Id(value) : null;
}

/// <summary>Fink's ways of saying "no value": -999.0, "nan", "None", "Unknown", "null", "Fail 503", empty text, NaN.</summary>
public static class FinkValues
{
    public const double MissingNumber = -999.0;

    private static readonly HashSet<string> MissingTexts = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "nan", "None", "Unknown", "null",
    };

    public static bool IsMissingText(string text)
    {
        var trimmed = text.Trim();
        return MissingTexts.Contains(trimmed) || IsServiceFailure(trimmed);
    }

    /// <summary>Text, or null for a sentinel. Numbers are returned as Fink wrote them.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString() is { } text && !IsMissingText(text) => text.Trim(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    /// <summary>A finite number, or null for a sentinel (-999, NaN, "nan", null, text that is not a number).</summary>
    public static double? Number(JsonElement value)
    {
        double number;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                number = value.GetDouble();
                break;
            case JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                number = parsed;
                break;
            default:
                return null;
        }

        return double.IsFinite(number) && number != MissingNumber ? number : null;
    }

    /// <summary>An id with every digit (64-bit ids never pass through a double), from a bare number or a string.</summary>
    public static string? Id(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number when value.TryGetUInt64(out var large) => large.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String when value.GetString() is { } text && !IsMissingText(text) => text.Trim(),
        _ => null,
    };

    // "Fail 503": a cross-match service that was down when Fink processed the alert.
    private static bool IsServiceFailure(string text) =>
        text.Length == 8 && text.StartsWith("Fail ", StringComparison.Ordinal) && text[5..].All(char.IsAsciiDigit);
}
