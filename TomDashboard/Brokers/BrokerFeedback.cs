using TomDashboard.Alerts;

namespace TomDashboard.Brokers;

public enum FeedbackSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// A note or an error from the remote side of a run. <see cref="Message"/> is remote text: render it as text, never as markup.
/// </summary>
public sealed record BrokerFeedback(FeedbackSeverity Severity, string Message)
{
    /// <summary>The sentence for the page, with secrets a broker echoed blanked out.</summary>
    public string Message { get; init; } = SecretRedaction.Default.Redact(Message);

    /// <summary>The failure behind an error, for the log only; never shown on the page.</summary>
    public Exception? Exception { get; init; }
}
