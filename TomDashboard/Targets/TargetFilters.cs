using TomDashboard.Astronomy;

namespace TomDashboard.Targets;

/// <summary>The targets page's filter fields as typed, turned into a <see cref="TargetQuery"/> with messages for what cannot be read.</summary>
public sealed class TargetFilters
{
    public string? Text { get; set; }

    public DateTime? CreatedFrom { get; set; }

    public DateTime? CreatedTo { get; set; }

    /// <summary>Degrees or sexagesimal hours.</summary>
    public string? ConeRa { get; set; }

    /// <summary>Degrees or sexagesimal degrees.</summary>
    public string? ConeDec { get; set; }

    public double? ConeRadiusArcsec { get; set; }

    public Dictionary<string, string> Problems { get; } = new(StringComparer.Ordinal);

    public string? Problem(string field) => Problems.TryGetValue(field, out var message) ? message : null;

    public void Clear()
    {
        Text = ConeRa = ConeDec = null;
        CreatedFrom = CreatedTo = null;
        ConeRadiusArcsec = null;
        Problems.Clear();
    }

    public bool TryBuild(long? listId, out TargetQuery query)
    {
        Problems.Clear();
        SkyConeQuery? cone = null;
        var anyCone = !string.IsNullOrWhiteSpace(ConeRa) || !string.IsNullOrWhiteSpace(ConeDec) || ConeRadiusArcsec is not null;
        if (anyCone)
        {
            if (!Sexagesimal.TryParseRa(ConeRa, out var ra))
            {
                Problems["ra"] = "RA in degrees (0 to 360) or as HH:MM:SS.";
            }

            if (!Sexagesimal.TryParseDec(ConeDec, out var dec))
            {
                Problems["dec"] = "Dec in degrees (-90 to 90) or as ±DD:MM:SS.";
            }

            if (ConeRadiusArcsec is not (> 0 and <= 36_000))
            {
                Problems["radius"] = "A radius between 0 and 36000 arcsec (10°).";
            }

            if (Problems.Count == 0)
            {
                cone = new SkyConeQuery(ra, dec, ConeRadiusArcsec!.Value);
            }
        }

        query = new TargetQuery
        {
            Text = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
            ListId = listId,
            CreatedFrom = CreatedFrom is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null,
            CreatedTo = CreatedTo is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc)) : null,
            Cone = cone,
        };
        return Problems.Count == 0;
    }
}
