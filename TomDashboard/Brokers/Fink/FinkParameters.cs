using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using TomDashboard.Astronomy;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Brokers.Fink;

/// <summary>
/// A Fink query: the survey, then exactly one search, as in the TOM Toolkit's Fink form (object ID, cone, class,
/// solar-system object). The class and solar-system searches exist for ZTF only.
/// </summary>
public sealed partial class FinkParameters : IValidatableObject
{
    public const double MaxRadiusArcsec = 60;
    public const int MaxClassAlerts = 1000;
    public const int MaxClassDays = 15;

    // A pasted column of ids arrives one per line.
    private static readonly char[] IdSeparators = [',', ' ', '\t', '\n', '\r'];

    [Display(Name = "Survey", Description = "Which Fink database to search: ZTF, or LSST (object ID and cone searches only).", Order = 1)]
    public Survey Survey { get; set; } = Survey.Ztf;

    [StringLength(ParameterField.ListMaxLength, ErrorMessage = "The object IDs may take at most {1} characters.")]
    [DataType(DataType.MultilineText)]
    [Display(Name = "Object ID", Description = "A ZTF objectId (ZTF21abfmbix) or an LSST diaObjectId (digits); several separated by commas, spaces or new lines.", Order = 2)]
    public string? ObjectIds { get; set; }

    [StringLength(40)]
    [Display(Name = "Cone: RA", Description = "Decimal degrees (284.6506) or hours HH:MM:SS.s.", Order = 3)]
    public string? Ra { get; set; }

    [StringLength(40)]
    [Display(Name = "Cone: Dec", Description = "Decimal degrees (29.0912) or ±DD:MM:SS.s.", Order = 4)]
    public string? Dec { get; set; }

    [Range(0, MaxRadiusArcsec, MinimumIsExclusive = true, ErrorMessage = "The radius must be more than 0 and at most 60 arcseconds.")]
    [Display(Name = "Cone: radius (arcsec)", Description = "At most 60″, as in the TOM Toolkit; larger cones can outlast Fink's own 60 s limit.", Order = 5)]
    public double? RadiusArcsec { get; set; }

    [Choices(FinkClassChoices.Key)]
    [StringLength(200)]
    [Display(Name = "Class", Description = "A Fink class, or a TNS or SIMBAD type, from Fink's list (ZTF only).", Order = 6)]
    public string? Class { get; set; }

    [Range(1, MaxClassAlerts, ErrorMessage = "The number of alerts must be between 1 and 1000.")]
    [Display(Name = "Class: number of alerts", Description = "The latest alerts of the class, at most 1000. Give this or a number of days.", Order = 7)]
    public int? ClassAlertCount { get; set; }

    [Range(1, MaxClassDays, ErrorMessage = "The number of days must be between 1 and 15.")]
    [Display(Name = "Class: days in the past", Description = "Alerts of the class from the last 1 to 15 days (up to 1000). Give this or a number of alerts.", Order = 8)]
    public int? ClassDaysInPast { get; set; }

    [StringLength(100)]
    [Display(Name = "Solar-system object", Description = "An IAU number (8467) or, for an unnumbered object, its designation (2010JO69) (ZTF only).", Order = 9)]
    public string? SolarSystemObject { get; set; }

    /// <summary>The search this form asks for, when exactly one is filled in.</summary>
    public FinkSearchKind? SearchKind() => FilledKinds() is [var only] ? only : null;

    /// <summary>The object IDs of an object search, trimmed, without empty entries.</summary>
    public IReadOnlyList<string> ObjectIdList() =>
        [.. (ObjectIds ?? "").Split(IdSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var kinds = FilledKinds();
        if (kinds.Count == 0)
        {
            yield return new ValidationResult("Fill in one search: an object ID, a cone (RA, Dec and radius), a class, or a solar-system object.");
            yield break;
        }

        if (kinds.Count > 1)
        {
            yield return new ValidationResult(
                $"Fill in only one search at a time; this query has {Join(kinds.Select(Describe))}. Clear all but one.");
            yield break;
        }

        var results = kinds[0] switch
        {
            FinkSearchKind.ObjectId => ValidateObjectIds(),
            FinkSearchKind.Cone => ValidateCone(),
            FinkSearchKind.Class => ValidateClass(),
            _ => ValidateSurveyIsZtf(nameof(SolarSystemObject)),
        };
        foreach (var result in results)
        {
            yield return result;
        }
    }

    private List<FinkSearchKind> FilledKinds()
    {
        var kinds = new List<FinkSearchKind>(1);
        if (!string.IsNullOrWhiteSpace(ObjectIds))
        {
            kinds.Add(FinkSearchKind.ObjectId);
        }

        if (!string.IsNullOrWhiteSpace(Ra) || !string.IsNullOrWhiteSpace(Dec) || RadiusArcsec is not null)
        {
            kinds.Add(FinkSearchKind.Cone);
        }

        if (!string.IsNullOrWhiteSpace(Class) || ClassAlertCount is not null || ClassDaysInPast is not null)
        {
            kinds.Add(FinkSearchKind.Class);
        }

        if (!string.IsNullOrWhiteSpace(SolarSystemObject))
        {
            kinds.Add(FinkSearchKind.SolarSystemObject);
        }

        return kinds;
    }

    private IEnumerable<ValidationResult> ValidateObjectIds()
    {
        var ids = ObjectIdList();
        if (ids.Count == 0)
        {
            yield return new ValidationResult("Enter at least one object ID.", [nameof(ObjectIds)]);
            yield break;
        }

        foreach (var id in ids)
        {
            if (Survey == Survey.Ztf && !IsZtfObjectId(id))
            {
                yield return new ValidationResult(
                    $"'{id}' is not a ZTF object ID: ZTF, two digits and seven lower-case letters, e.g. ZTF21abfmbix.", [nameof(ObjectIds)]);
            }
            else if (Survey == Survey.Lsst && !IsLsstObjectId(id))
            {
                yield return new ValidationResult(
                    $"'{id}' is not an LSST diaObjectId: digits only, e.g. 169830579938263176.", [nameof(ObjectIds)]);
            }
        }
    }

    private IEnumerable<ValidationResult> ValidateCone()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(Ra))
        {
            missing.Add(nameof(Ra));
        }

        if (string.IsNullOrWhiteSpace(Dec))
        {
            missing.Add(nameof(Dec));
        }

        if (RadiusArcsec is null)
        {
            missing.Add(nameof(RadiusArcsec));
        }

        if (missing.Count > 0)
        {
            yield return new ValidationResult("A cone search needs RA, Dec and radius together.", missing);
            yield break;
        }

        if (!Sexagesimal.TryParseRa(Ra, out _))
        {
            yield return new ValidationResult("RA must be decimal degrees (0 to 360) or hours as HH:MM:SS.s.", [nameof(Ra)]);
        }

        if (!Sexagesimal.TryParseDec(Dec, out _))
        {
            yield return new ValidationResult("Dec must be decimal degrees (-90 to +90) or ±DD:MM:SS.s.", [nameof(Dec)]);
        }
    }

    private IEnumerable<ValidationResult> ValidateClass()
    {
        foreach (var result in ValidateSurveyIsZtf(nameof(Class)))
        {
            yield return result;
        }

        if (string.IsNullOrWhiteSpace(Class))
        {
            yield return new ValidationResult("Choose the class to search for.", [nameof(Class)]);
        }

        if (ClassAlertCount is null == ClassDaysInPast is null)
        {
            yield return new ValidationResult(
                ClassAlertCount is null
                    ? "A class search needs a number of alerts or a number of days in the past."
                    : "Give a number of alerts or a number of days in the past, not both.",
                [nameof(ClassAlertCount), nameof(ClassDaysInPast)]);
        }
    }

    private IEnumerable<ValidationResult> ValidateSurveyIsZtf(string field)
    {
        if (Survey != Survey.Ztf)
        {
            yield return new ValidationResult(
                "Class and solar-system searches are available for ZTF only; search LSST by object ID or cone.", [nameof(Survey), field]);
        }
    }

    public static bool IsZtfObjectId(string text) => ZtfObjectIdPattern().IsMatch(text);

    public static bool IsLsstObjectId(string text) => LsstObjectIdPattern().IsMatch(text);

    private static string Describe(FinkSearchKind kind) => kind switch
    {
        FinkSearchKind.ObjectId => "an object ID",
        FinkSearchKind.Cone => "a cone",
        FinkSearchKind.Class => "a class",
        _ => "a solar-system object",
    };

    private static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    [GeneratedRegex("^ZTF[0-9]{2}[a-z]{7}$")]
    private static partial Regex ZtfObjectIdPattern();

    [GeneratedRegex("^[0-9]{1,20}$")]
    private static partial Regex LsstObjectIdPattern();
}

public enum FinkSearchKind
{
    ObjectId,
    Cone,
    Class,
    SolarSystemObject,
}
