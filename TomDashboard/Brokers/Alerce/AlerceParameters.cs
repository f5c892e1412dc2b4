using System.ComponentModel.DataAnnotations;
using System.Globalization;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Brokers.Alerce;

/// <summary>The API's <c>order_by</c> values; <see cref="None"/> sends nothing (the literal "None" is a 400).</summary>
public enum AlerceOrderBy
{
    [Display(Name = "None (the API's order)")]
    None,

    [Display(Name = "Object id")]
    Oid,

    [Display(Name = "Probability")]
    Probability,

    [Display(Name = "Detections")]
    Ndet,

    [Display(Name = "First detection (MJD)")]
    Firstmjd,

    [Display(Name = "Last detection (MJD)")]
    Lastmjd,

    [Display(Name = "Time span (days)")]
    Deltamjd,
}

public enum AlerceOrderMode
{
    [Display(Name = "None")]
    None,

    [Display(Name = "Ascending")]
    Asc,

    [Display(Name = "Descending")]
    Desc,
}

/// <summary>
/// An ALeRCE query: the TOM Toolkit's ALeRCE form (every field optional), with one classifier chosen from the live
/// list instead of one field pair per classifier, and LSST objects by id or cone.
/// </summary>
public sealed class AlerceParameters : IValidatableObject
{
    public const int MaxMaxPages = 20;

    private static readonly char[] IdSeparators = [',', ' ', ';', '\t', '\n', '\r'];

    [Display(Name = "Survey", Description = "ZTF takes every filter; LSST (the multisurvey API) takes object ids or a cone only.", Order = 1)]
    public Survey Survey { get; set; } = Survey.Ztf;

    [StringLength(ParameterField.ListMaxLength)]
    [DataType(DataType.MultilineText)]
    [Display(Name = "Object ids", Description = "One or more, separated by commas, spaces or new lines. ZTF: ZTF18abcgqmz (one id may use * as a wildcard). LSST: the diaObjectId, e.g. 170587116732416143.", Prompt = "ZTF18abcgqmz", Order = 2)]
    public string? ObjectIds { get; set; }

    [Range(0, int.MaxValue, ErrorMessage = "Detections cannot be negative.")]
    [Display(Name = "Detections, at least", Order = 3)]
    public int? MinDetections { get; set; }

    [Range(0, int.MaxValue, ErrorMessage = "Detections cannot be negative.")]
    [Display(Name = "Detections, at most", Order = 4)]
    public int? MaxDetections { get; set; }

    [StringLength(200)]
    [Choices(AlerceClassifierChoices.ClassifiersKey)]
    [Display(Name = "Classifier", Description = "From ALeRCE's live list of classifiers.", Order = 5)]
    public string? Classifier { get; set; }

    [StringLength(200)]
    [Choices(AlerceClassifierChoices.ClassesKey)]
    [Display(Name = "Class", Description = "Each class is listed with the classifiers that use it; pick one of the chosen classifier's.", Order = 6)]
    public string? Class { get; set; }

    [Range(0.0, 1.0, ErrorMessage = "A probability is between 0 and 1.")]
    [Display(Name = "Probability, at least", Description = "Of the class under the classifier (0 to 1).", Order = 7)]
    public double? MinProbability { get; set; }

    [Range(1, 100, ErrorMessage = "Ranking starts at 1 (the most probable class).")]
    [Display(Name = "Ranking", Description = "Class ordering by probability: 1 is the most probable class (the API's default).", Order = 8)]
    public int? Ranking { get; set; }

    [Range(0.0, 360.0, ErrorMessage = "RA is between 0 and 360 degrees.")]
    [Display(Name = "RA (deg)", Description = "Cone search centre; RA, Dec and radius go together.", Order = 9)]
    public double? Ra { get; set; }

    [Range(-90.0, 90.0, ErrorMessage = "Dec is between -90 and 90 degrees.")]
    [Display(Name = "Dec (deg)", Order = 10)]
    public double? Dec { get; set; }

    [Range(0.1, 3600.0, ErrorMessage = "The radius is between 0.1 and 3600 arcseconds.")]
    [Display(Name = "Radius (arcsec)", Order = 11)]
    public double? RadiusArcsec { get; set; }

    [Range(0.0, 100000.0, ErrorMessage = "An MJD is between 0 and 100000.")]
    [Display(Name = "First detection after (MJD)", Order = 12)]
    public double? FirstMjdAfter { get; set; }

    [Range(0.0, 100000.0, ErrorMessage = "An MJD is between 0 and 100000.")]
    [Display(Name = "First detection before (MJD)", Order = 13)]
    public double? FirstMjdBefore { get; set; }

    [Range(0.0, 100000.0, ErrorMessage = "An MJD is between 0 and 100000.")]
    [Display(Name = "Last detection after (MJD)", Order = 14)]
    public double? LastMjdAfter { get; set; }

    [Range(0.0, 100000.0, ErrorMessage = "An MJD is between 0 and 100000.")]
    [Display(Name = "Last detection before (MJD)", Order = 15)]
    public double? LastMjdBefore { get; set; }

    [Display(Name = "Order by", Order = 16)]
    public AlerceOrderBy OrderBy { get; set; } = AlerceOrderBy.None;

    [Display(Name = "Order", Order = 17)]
    public AlerceOrderMode OrderMode { get; set; } = AlerceOrderMode.None;

    [Range(1, 1000, ErrorMessage = "A page holds 1 to 1000 objects.")]
    [Display(Name = "Page size", Order = 18)]
    public int PageSize { get; set; } = 20;

    [Range(1, MaxMaxPages, ErrorMessage = "Read 1 to 20 pages.")]
    [Display(Name = "Pages to read, at most", Order = 19)]
    public int MaxPages { get; set; } = 1;

    /// <summary>The object ids typed, in order, without repeats.</summary>
    public IReadOnlyList<string> ObjectIdList() =>
        [.. (ObjectIds ?? "").Split(IdSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var cone = new[] { Ra, Dec, RadiusArcsec };
        if (cone.Any(value => value is not null) && cone.Any(value => value is null))
        {
            yield return new ValidationResult("All of RA, Dec and radius must be given to run a cone search.", [nameof(Ra), nameof(Dec), nameof(RadiusArcsec)]);
        }

        foreach (var problem in Ranges())
        {
            yield return problem;
        }

        if (OrderMode != AlerceOrderMode.None && OrderBy == AlerceOrderBy.None)
        {
            yield return new ValidationResult("Choose what to order by, or set the order to None.", [nameof(OrderBy)]);
        }

        var ids = ObjectIdList();
        if (Survey == Survey.Lsst)
        {
            foreach (var problem in LsstProblems(ids))
            {
                yield return problem;
            }
        }
        else if (ids.Count > 1 && ids.Any(id => id.Contains('*', StringComparison.Ordinal)))
        {
            yield return new ValidationResult("A * wildcard works with a single object id only.", [nameof(ObjectIds)]);
        }
    }

    private IEnumerable<ValidationResult> Ranges()
    {
        if (MinDetections > MaxDetections)
        {
            yield return new ValidationResult("The least number of detections is above the most.", [nameof(MinDetections), nameof(MaxDetections)]);
        }

        if (FirstMjdAfter > FirstMjdBefore)
        {
            yield return new ValidationResult("The first-detection range ends before it starts.", [nameof(FirstMjdAfter), nameof(FirstMjdBefore)]);
        }

        if (LastMjdAfter > LastMjdBefore)
        {
            yield return new ValidationResult("The last-detection range ends before it starts.", [nameof(LastMjdAfter), nameof(LastMjdBefore)]);
        }
    }

    /// <summary>The multisurvey API documents object ids and cones only; other filters would be silently ignored.</summary>
    private IEnumerable<ValidationResult> LsstProblems(IReadOnlyList<string> ids)
    {
        var ztfOnly = new List<string>();
        void Check(bool set, string name)
        {
            if (set)
            {
                ztfOnly.Add(name);
            }
        }

        Check(MinDetections is not null || MaxDetections is not null, nameof(MinDetections));
        Check(!string.IsNullOrWhiteSpace(Classifier), nameof(Classifier));
        Check(!string.IsNullOrWhiteSpace(Class), nameof(Class));
        Check(MinProbability is not null, nameof(MinProbability));
        Check(Ranking is not null, nameof(Ranking));
        Check(FirstMjdAfter is not null || FirstMjdBefore is not null, nameof(FirstMjdAfter));
        Check(LastMjdAfter is not null || LastMjdBefore is not null, nameof(LastMjdAfter));
        Check(OrderBy != AlerceOrderBy.None || OrderMode != AlerceOrderMode.None, nameof(OrderBy));
        if (ztfOnly.Count > 0)
        {
            yield return new ValidationResult("LSST searches take object ids or a cone only; clear the ZTF filters or choose ZTF.", ztfOnly);
        }

        if (ids.FirstOrDefault(id => !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _)) is { } notAnId)
        {
            yield return new ValidationResult($"An LSST object id is a diaObjectId, a whole number; '{notAnId}' is not.", [nameof(ObjectIds)]);
        }
    }
}
