using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Live;

/// <summary>Rows of the Live page: the packet's photometry and cutouts, while the hub still holds them, go with the target.</summary>
public sealed class LiveAlertTargets(LiveAlertHub hub, TargetWriter writer) : IAlertTargetActions
{
    public Task<TargetCreation> CreateAsync(GenericAlert alert, CancellationToken cancellationToken) =>
        CreateAsync(alert, reason: null, cancellationToken);

    public Task<TargetCreation> CreateAnywayAsync(GenericAlert alert, string reason, CancellationToken cancellationToken) =>
        CreateAsync(alert, reason, cancellationToken);

    public async Task<TargetCreation> MergeAsync(GenericAlert alert, long targetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var details = hub.Details(alert);
        var outcome = await writer.MergeAsync(targetId, TargetDraft.FromAlert(alert), (details?.Photometry ?? []).ToAsyncEnumerable(), cancellationToken);
        if (outcome is TargetMerged merged)
        {
            await writer.StoreCutoutsAsync(merged.TargetId, alert.Id, details?.Cutouts, cancellationToken);
        }

        return outcome;
    }

    private async Task<TargetCreation> CreateAsync(GenericAlert alert, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var details = hub.Details(alert);
        var outcome = await writer.CreateWithPhotometryAsync(TargetDraft.FromAlert(alert), details?.Photometry ?? [], cancellationToken, reason);
        if (outcome is TargetCreated created)
        {
            await writer.StoreCutoutsAsync(created.TargetId, alert.Id, details?.Cutouts, cancellationToken);
        }

        return outcome;
    }
}
