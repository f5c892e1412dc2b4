using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Targets;

/// <summary><c>Targets</c>: how duplicates are recognised.</summary>
public sealed class TargetOptions
{
    public const string Section = "Targets";

    /// <summary>A new target this close to an existing one (true angular separation) is offered as a duplicate.</summary>
    [Range(0.0, 3600.0)]
    public double DuplicateRadiusArcsec { get; set; } = 2.0;
}
