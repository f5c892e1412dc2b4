using TomDashboard.Alerts;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Handlers;

/// <summary>The packet's light curve is added to the existing target of that name or alias; no target is made.</summary>
public sealed class AttachPhotometryHandler(AlertCondition? condition, TargetSearch search, TargetWriter targets) : IStreamHandler
{
    public HandlerAction Action => HandlerAction.AttachPhotometry;

    public AlertCondition? Condition { get; } = condition;

    public bool NeedsTarget => false;

    public async Task FinishAsync(IReadOnlyList<HandledAlert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        // One lookup for the batch's names and aliases; the name wins over an alias.
        var names = alerts.SelectMany(alert => NamesOf(alert.Decoded.TargetDraft)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var targetIds = await search.FindIdsByNameAsync(names, cancellationToken);
        foreach (var alert in alerts)
        {
            var draft = alert.Decoded.TargetDraft;
            var targetId = NamesOf(draft).Select(name => targetIds.TryGetValue(name, out var id) ? id : (long?)null).FirstOrDefault(id => id is not null);
            if (targetId is null)
            {
                alert.Say($"No target is named {draft.Name}; photometry not attached.");
                continue;
            }

            var points = await targets.ImportPhotometryAsync(targetId.Value, alert.Decoded.Photometry.ToAsyncEnumerable(), cancellationToken);
            alert.Say($"{points} photometry points attached to target {targetId}.");
            alert.TargetId = targetId;
        }
    }

    private static IEnumerable<string> NamesOf(TargetDraft draft) => [draft.Name, .. draft.Aliases];
}
