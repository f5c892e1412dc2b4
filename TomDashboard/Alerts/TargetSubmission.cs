namespace TomDashboard.Alerts;

/// <summary>
/// One proposed target, whatever proposes it (a broker row, a live row, a stream handler, bulk creation, a CSV row):
/// the draft, the photometry and cutouts that go with it, and who proposes it. The target writer takes only this.
/// </summary>
public sealed record TargetSubmission
{
    public required TargetDraft Draft { get; init; }

    /// <summary>The photometry that came with it (a stream packet's light curve), stored in the same transaction as the target.</summary>
    public IReadOnlyList<PhotometryPoint> Photometry { get; init; } = [];

    /// <summary>
    /// Photometry its source can fetch (a broker's light curve), read only once the target is created or merged and
    /// after that is saved, because it costs a remote call; it may fail, and then the target stands without it.
    /// </summary>
    public Func<CancellationToken, IAsyncEnumerable<PhotometryPoint>>? FetchPhotometry { get; init; }

    public AlertCutouts? Cutouts { get; init; }

    /// <summary>Who proposes it, in words: a broker or stream name, "CSV import".</summary>
    public required string Source { get; init; }

    /// <summary>Who creates it: they own the new target, and the duplicate check shows them only what they may see.</summary>
    public Viewer By { get; init; } = Viewer.System;

    /// <summary>Open or Private; null for the configured default (Targets:DefaultVisibility).</summary>
    public TargetVisibility? Visibility { get; init; }

    /// <summary>The groups to share the new target with; null for all of <see cref="By"/>'s groups.</summary>
    public IReadOnlyCollection<long>? ShareWith { get; init; }

    /// <summary>A submission whose photometry came with it (a stream packet, the live hub).</summary>
    public static TargetSubmission WithPoints(TargetDraft draft, IReadOnlyList<PhotometryPoint> photometry, AlertCutouts? cutouts, string source)
    {
        ArgumentNullException.ThrowIfNull(photometry);
        return new TargetSubmission
        {
            Draft = draft,
            Photometry = photometry,
            Cutouts = cutouts,
            Source = source,
        };
    }
}
