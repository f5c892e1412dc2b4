using System.ComponentModel.DataAnnotations;
using TomDashboard.Alerts;

namespace TomDashboard.Targets;

/// <summary><c>Targets</c>: how duplicates are recognised, and who sees a new target.</summary>
public sealed class TargetOptions
{
    public const string Section = "Targets";

    /// <summary>A new target this close to an existing one (true angular separation) is offered as a duplicate.</summary>
    [Range(0.0, 3600.0)]
    public double DuplicateRadiusArcsec { get; set; } = 2.0;

    /// <summary>A new target's visibility when its creator does not choose: Private keeps unpublished science in the team.</summary>
    public TargetVisibility DefaultVisibility { get; set; } = TargetVisibility.Private;
}
