using System.Diagnostics.Metrics;

namespace TomDashboard.Targets;

/// <summary>Targets created and merged by the writer, whoever asked (a click, bulk creation, CSV import, a stream).</summary>
public sealed class TargetMetrics
{
    public const string MeterName = "TomDashboard.Targets";
    public const string CreatedName = "tomdashboard.targets.created";
    public const string MergedName = "tomdashboard.targets.merged";

    private readonly Counter<long> _created;
    private readonly Counter<long> _merged;

    public Meter Meter { get; }

    public TargetMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = Meter = meters.Create(MeterName);
        _created = meter.CreateCounter<long>(CreatedName, "{target}", "Targets created");
        _merged = meter.CreateCounter<long>(MergedName, "{target}", "Submissions merged into an existing target");
    }

    /// <summary>Counts a write's outcomes: one call per batch, not per target.</summary>
    public void Written(IReadOnlyCollection<TargetCreation> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var (created, merged) = (0, 0);
        foreach (var outcome in outcomes)
        {
            created += outcome is TargetCreated ? 1 : 0;
            merged += outcome is TargetMerged ? 1 : 0;
        }

        if (created > 0)
        {
            _created.Add(created);
        }

        if (merged > 0)
        {
            _merged.Add(merged);
        }
    }
}
