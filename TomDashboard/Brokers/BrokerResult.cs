using TomDashboard.Alerts;

namespace TomDashboard.Brokers;

/// <summary>One item of a broker run: an alert, or feedback from the broker.</summary>
public abstract record BrokerResult;

public sealed record AlertReceived(GenericAlert Alert) : BrokerResult;

public sealed record FeedbackReported(BrokerFeedback Feedback) : BrokerResult;
