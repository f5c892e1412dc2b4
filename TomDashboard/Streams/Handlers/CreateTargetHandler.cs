namespace TomDashboard.Streams.Handlers;

/// <summary>The alert becomes a target, or merges into the one it matches, through the one target writer.</summary>
public sealed class CreateTargetHandler(AlertCondition? condition) : IStreamHandler
{
    public HandlerAction Action => HandlerAction.CreateTarget;

    public AlertCondition? Condition { get; } = condition;

    public bool NeedsTarget => true;

    public Task FinishAsync(IReadOnlyList<HandledAlert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var alert in alerts)
        {
            alert.SayCreation();
        }

        return Task.CompletedTask;
    }
}
