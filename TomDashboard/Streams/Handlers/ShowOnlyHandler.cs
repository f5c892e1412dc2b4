namespace TomDashboard.Streams.Handlers;

/// <summary>The alert is shown live and logged; nothing is written.</summary>
public sealed class ShowOnlyHandler(AlertCondition? condition) : IStreamHandler
{
    public HandlerAction Action => HandlerAction.ShowOnly;

    public AlertCondition? Condition { get; } = condition;

    public bool NeedsTarget => false;

    public Task FinishAsync(IReadOnlyList<HandledAlert> alerts, CancellationToken cancellationToken) => Task.CompletedTask;
}
