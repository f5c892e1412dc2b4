using System.ComponentModel.DataAnnotations;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Tests.Fakes;

public enum SampleSurvey
{
    [Display(Name = "ZTF")]
    Ztf,

    [Display(Name = "Rubin (LSST)")]
    Lsst,
}

public enum Band
{
    G,
    R,
    I,
}

/// <summary>A parameters class with one property of every kind the generated form supports.</summary>
public sealed class AllKindsParameters : IValidatableObject
{
    public const string ClassifierChoices = "Test.Classifiers";

    [Required(ErrorMessage = "Enter an object id.")]
    [StringLength(12, ErrorMessage = "An object id has at most 12 characters.")]
    [RegularExpression("^ZTF[0-9]{2}[a-z]+$", ErrorMessage = "An object id looks like ZTF18abcdefg.")]
    [Display(Name = "Object id", Description = "The ZTF object identifier.", Prompt = "ZTF18abcgqmz", Order = 1)]
    public string? ObjectId { get; set; }

    [Range(1, 1000, ErrorMessage = "Pages must be between 1 and 1000.")]
    [Display(Name = "Pages", Order = 2)]
    public int Pages { get; set; } = 1;

    [Display(Name = "Candidate id", Order = 3)]
    public long? CandidateId { get; set; }

    [Range(0.0, 360.0)]
    [Display(Name = "RA", Description = "Degrees.", Order = 4)]
    public double? Ra { get; set; }

    [Display(Name = "Probability", Order = 5)]
    public decimal Probability { get; set; } = 0.5m;

    [Display(Name = "Only new objects", Order = 6)]
    public bool OnlyNew { get; set; }

    [Display(Name = "Has host galaxy", Order = 7)]
    public bool? HasHost { get; set; }

    [Display(Name = "Survey", Order = 8)]
    public SampleSurvey Survey { get; set; }

    [Display(Name = "Preferred survey", Order = 9)]
    public SampleSurvey? PreferredSurvey { get; set; }

    [Display(Name = "Detected after", Order = 10)]
    public DateTime? DetectedAfter { get; set; }

    [Display(Name = "Night", Order = 11)]
    public DateOnly Night { get; set; } = new(2024, 1, 1);

    [Display(Name = "Night to skip", Order = 12)]
    public DateOnly? SkippedNight { get; set; }

    [Choices(ClassifierChoices)]
    [Display(Name = "Classifier", Order = 13)]
    public string? Classifier { get; set; }

    [Display(Name = "Bands", Order = 14)]
    public List<Band> Bands { get; set; } = [];

    [Choices(ClassifierChoices)]
    [Display(Name = "Classes", Order = 15)]
    public List<string> Classes { get; set; } = [];

    [Range(10.0, 25.0)]
    [Display(Name = "Faintest magnitude", Order = 16)]
    public double? FaintestMagnitude { get; set; }

    [Range(10.0, 25.0)]
    [Display(Name = "Brightest magnitude", Order = 17)]
    public double? BrightestMagnitude { get; set; }

    public int Unordered { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FaintestMagnitude is { } faint && BrightestMagnitude is { } bright && bright >= faint)
        {
            yield return new ValidationResult(
                "The brightest magnitude must be a smaller number than the faintest.",
                [nameof(BrightestMagnitude), nameof(FaintestMagnitude)]);
        }

        if (OnlyNew && Pages > 10)
        {
            yield return new ValidationResult("Only new objects fit in ten pages.");
        }
    }
}
