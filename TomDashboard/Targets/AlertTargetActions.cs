using TomDashboard.Alerts;

namespace TomDashboard.Targets;

/// <summary>
/// What a grid does with a row, whichever source it came from (a broker run, the live hub): the source makes the
/// row's submission, and the one target writer writes it with the policy the user chose.
/// </summary>
public sealed class AlertTargetActions(TargetWriter writer, ILogger<AlertTargetActions> logger)
{
    public async Task<TargetCreation> WriteAsync(IAlertTargets source, GenericAlert alert, DuplicatePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(alert);
        TargetSubmission submission;
        try
        {
            submission = source.SubmissionOf(alert);
        }
        catch (AlertUnreadableException unreadable)
        {
            logger.LogWarning(unreadable.InnerException ?? unreadable, "No target could be made of alert {AlertId} from {Source}", alert.Id, alert.Source);
            return new TargetRejected(alert.Name, unreadable.Message);
        }

        return await writer.WriteAsync(submission, policy, cancellationToken);
    }
}
