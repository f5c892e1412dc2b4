using System.ComponentModel.DataAnnotations;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Tests.Fakes;

/// <summary>One number field of each type, and a list field, for the number and length tests.</summary>
public sealed class NumberKindsParameters
{
    [Display(Name = "Count", Order = 1)]
    public int? Count { get; set; }

    [Range(1, 1000)]
    [Display(Name = "Pages", Order = 2)]
    public int Pages { get; set; } = 1;

    [Display(Name = "Candidate id", Order = 3)]
    public long? CandidateId { get; set; }

    [Display(Name = "Magnitude", Order = 4)]
    public double? Magnitude { get; set; }

    [Range(0.0, 360.0)]
    [Display(Name = "RA", Order = 5)]
    public double? Ra { get; set; }

    [Display(Name = "Flux", Order = 6)]
    public decimal? Flux { get; set; }

    [Display(Name = "Note", Order = 7)]
    public string? Note { get; set; }

    [StringLength(ParameterField.ListMaxLength)]
    [DataType(DataType.MultilineText)]
    [Display(Name = "Object ids", Order = 8)]
    public string? ObjectIds { get; set; }
}
