using TomDashboard.Alerts;
using TomDashboard.Brokers;

namespace TomDashboard.Targets;

/// <summary>
/// What the alert grid can do with a row, whichever source it came from: create its target, merge it into an
/// existing target, or create it anyway despite a match. Implementations all go through the one TargetWriter.
/// </summary>
public interface IAlertTargetActions
{
    Task<TargetCreation> CreateAsync(GenericAlert alert, CancellationToken cancellationToken);

    Task<TargetCreation> MergeAsync(GenericAlert alert, long targetId, CancellationToken cancellationToken);

    Task<TargetCreation> CreateAnywayAsync(GenericAlert alert, string reason, CancellationToken cancellationToken);
}

/// <summary>Rows of a broker query run: the broker shapes the target and supplies the photometry.</summary>
public sealed class BrokerAlertTargets(IBroker broker, TargetWriter writer) : IAlertTargetActions
{
    public Task<TargetCreation> CreateAsync(GenericAlert alert, CancellationToken cancellationToken) =>
        writer.CreateFromAlertAsync(broker, alert, cancellationToken);

    public Task<TargetCreation> MergeAsync(GenericAlert alert, long targetId, CancellationToken cancellationToken) =>
        writer.MergeFromAlertAsync(broker, alert, targetId, cancellationToken);

    public Task<TargetCreation> CreateAnywayAsync(GenericAlert alert, string reason, CancellationToken cancellationToken) =>
        writer.CreateFromAlertAsync(broker, alert, cancellationToken, createAnywayReason: reason);
}
