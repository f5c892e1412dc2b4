using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TomDashboard.Astronomy;

namespace TomDashboard.Brokers.Lasair;

/// <summary>What a cone search returns: every object inside the radius, or only the nearest one.</summary>
public enum LasairConeResults
{
    [Display(Name = "All objects in the cone")]
    All,

    [Display(Name = "Nearest object only")]
    Nearest,
}

/// <summary>
/// A Lasair query, as the TOM Toolkit's LasairBrokerForm: a cone (RA, Dec, radius) or a freeform SQL condition on the
/// objects table, exactly one of the two; then one object request per id, up to the result limit.
/// </summary>
public sealed class LasairParameters : IValidatableObject
{
    /// <summary>The TOM Toolkit's message when neither a cone nor SQL is given.</summary>
    public const string NeitherMessage = "Either RA/Dec or Freeform SQL Query must be populated.";

    public const string BothMessage = "Use either RA/Dec or the Freeform SQL Query, not both.";

    public const string RaMessage = "RA must be decimal degrees from 0 to 360, or sexagesimal hours such as 18:40:00.5.";

    public const string DecMessage = "Dec must be decimal degrees from -90 to +90, or sexagesimal degrees such as -05:00:00.";

    /// <summary>Lasair's largest cone radius, in arcseconds.</summary>
    public const double MaxRadiusArcsec = 1000;

    /// <summary>Lasair's row limit for a normal user.</summary>
    public const int MaxLimit = 10_000;

    [Display(Name = "Survey", Description = "Which Lasair to ask: Lasair-ZTF or Lasair-LSST. Each needs its own API token.", Order = 1)]
    public Survey Survey { get; set; } = Survey.Ztf;

    [StringLength(40)]
    [Display(Name = "Object RA", Description = "Decimal degrees (280.0) or sexagesimal hours (18:40:00.0).", Order = 2)]
    public string? ConeRa { get; set; }

    [StringLength(40)]
    [Display(Name = "Object Dec", Description = "Decimal degrees (-5.0) or sexagesimal degrees (-05:00:00).", Order = 3)]
    public string? ConeDec { get; set; }

    [Range(0.0, MaxRadiusArcsec, MinimumIsExclusive = true, ErrorMessage = "The cone radius must be more than 0 and at most 1000 arcsec.")]
    [Display(Name = "Cone radius (arcsec)", Description = "Lasair allows at most 1000 arcsec.", Order = 4)]
    public double ConeRadius { get; set; } = 10;

    [Display(Name = "Cone results", Description = "Every object inside the cone, or only the nearest.", Order = 5)]
    public LasairConeResults ConeResults { get; set; } = LasairConeResults.All;

    [StringLength(4000)]
    [Display(
        Name = "Freeform SQL Query",
        Description = "A condition on the objects table (the SQL after WHERE), e.g. gmag < 12.0 for ZTF. Leave empty for a cone search.",
        Order = 6)]
    public string? SqlQuery { get; set; }

    [Range(1, MaxLimit, ErrorMessage = "The result limit must be between 1 and 10000.")]
    [Display(
        Name = "Result limit",
        Description = "At most this many objects are fetched, each with its own API call (a normal Lasair account allows 100 calls an hour).",
        Order = 7)]
    public int Limit { get; set; } = 100;

    /// <summary>True when the query is a cone search (RA or Dec given) rather than SQL.</summary>
    [JsonIgnore]
    public bool IsCone => !string.IsNullOrWhiteSpace(ConeRa) || !string.IsNullOrWhiteSpace(ConeDec);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasRa = !string.IsNullOrWhiteSpace(ConeRa);
        var hasDec = !string.IsNullOrWhiteSpace(ConeDec);
        var hasSql = !string.IsNullOrWhiteSpace(SqlQuery);

        if (!(hasRa && hasDec) && !hasSql)
        {
            yield return new ValidationResult(NeitherMessage);
        }
        else if ((hasRa || hasDec) && hasSql)
        {
            yield return new ValidationResult(BothMessage);
        }

        if (hasRa && !Sexagesimal.TryParseRa(ConeRa, out _))
        {
            yield return new ValidationResult(RaMessage, [nameof(ConeRa)]);
        }

        if (hasDec && !Sexagesimal.TryParseDec(ConeDec, out _))
        {
            yield return new ValidationResult(DecMessage, [nameof(ConeDec)]);
        }
    }
}
