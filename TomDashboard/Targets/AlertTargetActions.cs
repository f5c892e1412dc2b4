using TomDashboard.Alerts;

namespace TomDashboard.Targets;

/// <summary>
/// What a grid does with a row, whichever source it came from (a broker run, the live hub): the source makes the
/// row's submission, and the one target writer writes it with the policy the user chose.
/// </summary>
public sealed partial class AlertTargetActions(TargetWriter writer, ILogger<AlertTargetActions> logger)
{
    public async Task<TargetCreation> WriteAsync(IAlertTargets source, GenericAlert alert, DuplicatePolicy policy, Viewer by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(alert);
        TargetSubmission submission;
        try
        {
            submission = source.SubmissionOf(alert) with { By = by };
        }
        catch (AlertUnreadableException unreadable)
        {
            LogUnreadable(logger, unreadable.InnerException ?? unreadable, alert.Id, alert.Source);
            return new TargetRejected(alert.Name, unreadable.Message);
        }

        return await writer.WriteAsync(submission, policy, cancellationToken);
    }

    /// <summary>
    /// Bulk creation: every row's submission through the writer's batch (one transaction, the same duplicate rules
    /// and wording as one click each); a duplicate is refused with its offer, never merged unasked.
    /// </summary>
    public async Task<IReadOnlyList<TargetCreation>> WriteBatchAsync(IAlertTargets source, IReadOnlyList<GenericAlert> alerts, Viewer by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(alerts);
        var outcomes = new TargetCreation[alerts.Count];
        var submissions = new List<TargetSubmission>(alerts.Count);
        var places = new List<int>(alerts.Count);
        for (var index = 0; index < alerts.Count; index++)
        {
            try
            {
                submissions.Add(source.SubmissionOf(alerts[index]) with { By = by });
                places.Add(index);
            }
            catch (AlertUnreadableException unreadable)
            {
                LogUnreadable(logger, unreadable.InnerException ?? unreadable, alerts[index].Id, alerts[index].Source);
                outcomes[index] = new TargetRejected(alerts[index].Name, unreadable.Message);
            }
        }

        var written = await writer.WriteBatchAsync(submissions, DuplicatePolicy.Refuse, cancellationToken);
        for (var index = 0; index < written.Count; index++)
        {
            outcomes[places[index]] = written[index];
        }

        return outcomes;
    }

    // Per alert only when one cannot be read; a readable batch logs nothing here.
    [LoggerMessage(Level = LogLevel.Warning, Message = "No target could be made of alert {AlertId} from {Source}")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string alertId, string source);
}
