using TomDashboard.Alerts;

namespace TomDashboard.Streams;

/// <summary>One alert decoded from a stream packet, with what the packet carried beyond the grid row.</summary>
public sealed record DecodedAlert
{
    public required GenericAlert Alert { get; init; }

    /// <summary>The packet's light curve: detections, and non-detections as upper limits.</summary>
    public IReadOnlyList<PhotometryPoint> Photometry { get; init; } = [];

    public AlertCutouts? Cutouts { get; init; }

    /// <summary>Packet fields a handler condition may test, by their packet names (rb, magpsf, reliability ...).</summary>
    public IReadOnlyDictionary<string, object?> Fields { get; init; } = new Dictionary<string, object?>();

    /// <summary>The target this alert becomes; null means the default made from <see cref="Alert"/>.</summary>
    public TargetDraft? Target { get; init; }

    /// <summary>The target this alert becomes.</summary>
    public TargetDraft TargetDraft => Target ?? TargetDraft.FromAlert(Alert);

    /// <summary>The alert's target with the packet's light curve and stamps, for the one target writer.</summary>
    public TargetSubmission ToSubmission() => TargetSubmission.WithPoints(TargetDraft, Photometry, Cutouts, Alert.Source);
}
