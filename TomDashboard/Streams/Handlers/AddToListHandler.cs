using TomDashboard.Alerts;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Handlers;

/// <summary>The alert's target (created or merged first) joins a list: one addition per list for the whole batch.</summary>
public sealed class AddToListHandler(AlertCondition? condition, string? list, TargetLists lists) : IStreamHandler
{
    public HandlerAction Action => HandlerAction.AddToList;

    public AlertCondition? Condition { get; } = condition;

    public bool NeedsTarget => true;

    /// <summary>The list's name; null means the topic's name.</summary>
    public string? List { get; } = list;

    public async Task FinishAsync(IReadOnlyList<HandledAlert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var alert in alerts)
        {
            alert.SayCreation();
        }

        foreach (var group in alerts.Where(alert => alert.CreatedOrMergedId is not null).GroupBy(alert => List ?? alert.Topic, StringComparer.Ordinal))
        {
            var members = group.ToList();
            // The app's own work: stream lists are the team's (no owner).
            var addition = await lists.AddByNameAsync(group.Key, members.Select(alert => alert.CreatedOrMergedId!.Value), Viewer.System, cancellationToken);
            var said = !addition.Succeeded ? $"Not added to the list {group.Key}: {addition.Problem}"
                : members.Count == 1 ? addition.Message
                : $"In the list {addition.ListName} ({addition.Message} for this batch).";
            foreach (var alert in members)
            {
                alert.Say(said);
            }
        }
    }
}
