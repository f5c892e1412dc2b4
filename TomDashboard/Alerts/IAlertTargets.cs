namespace TomDashboard.Alerts;

/// <summary>
/// Whatever shows alert rows (a broker's run, the live hub) knows what target each row becomes: its draft, its
/// photometry and its cutouts. The one target writer takes the submission from there.
/// </summary>
public interface IAlertTargets
{
    /// <exception cref="AlertUnreadableException">The row's source cannot make a target of it.</exception>
    TargetSubmission SubmissionOf(GenericAlert alert);
}

/// <summary>A row whose source cannot make a target of it; the message is a readable sentence.</summary>
public sealed class AlertUnreadableException : Exception
{
    public AlertUnreadableException()
    {
    }

    public AlertUnreadableException(string message)
        : base(message)
    {
    }

    public AlertUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
