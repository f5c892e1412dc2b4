using TomDashboard.Alerts;

namespace TomDashboard.Streams.Live;

/// <summary>Rows of the Live page: the packet's photometry and cutouts, while the hub still holds them, go with the target.</summary>
public sealed class LiveAlertTargets(LiveAlertHub hub) : IAlertTargets
{
    public TargetSubmission SubmissionOf(GenericAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var details = hub.Details(alert);
        return TargetSubmission.WithPoints(TargetDraft.FromAlert(alert), details?.Photometry ?? [], details?.Cutouts, alert.Source);
    }
}
