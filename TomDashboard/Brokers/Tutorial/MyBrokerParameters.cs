using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers.Tutorial;

/// <summary>The tutorial broker's query: the one field of the TOM Toolkit's MyBrokerForm.</summary>
public sealed class MyBrokerParameters
{
    [Required(ErrorMessage = "Enter the target name to look for.")]
    [StringLength(100)]
    [Display(Name = "Target name", Description = "Alerts whose name is exactly this (case-sensitive), e.g. Tatooine.", Order = 1)]
    public string? TargetName { get; set; }
}
