using TomDashboard.Targets;

namespace TomDashboard.Streams.Handlers;

/// <summary>
/// One handler of a topic rule, built when its stream starts. The processor evaluates the condition per alert,
/// writes the batch's targets in one go for the handlers that need one, then lets each handler finish its alerts
/// together, so a handler's work is a call per batch, not per alert.
/// </summary>
public interface IStreamHandler
{
    /// <summary>The action's name, for the message log.</summary>
    HandlerAction Action { get; }

    /// <summary>The parsed condition; null means always.</summary>
    AlertCondition? Condition { get; }

    /// <summary>Whether the alert's target goes into the batch's one target write before <see cref="FinishAsync"/>.</summary>
    bool NeedsTarget { get; }

    /// <summary>The batch's alerts whose condition held, after the targets were written; each says its outcome.</summary>
    Task FinishAsync(IReadOnlyList<HandledAlert> alerts, CancellationToken cancellationToken);
}

/// <summary>One alert going through its rule's handlers, with what they said, in the handlers' order.</summary>
public sealed class HandledAlert(DecodedAlert decoded, string topic)
{
    private readonly List<string> _outcomes = [];
    private bool _creationSaid;

    public DecodedAlert Decoded { get; } = decoded;

    public string Topic { get; } = topic;

    /// <summary>What the batch's target write made of this alert, when a handler needed a target.</summary>
    public TargetCreation? Creation { get; internal set; }

    /// <summary>The target the log row links to.</summary>
    public long? TargetId { get; set; }

    /// <summary>Why the alert's handling failed, if it did.</summary>
    public string? Failure { get; internal set; }

    /// <summary>The target created or merged for this alert, if any.</summary>
    public long? CreatedOrMergedId => Creation is TargetCreated or TargetMerged ? TargetCreation.TargetIdOf(Creation) : null;

    /// <summary>What happened, in the order the handlers run (they run one after another over the batch).</summary>
    public IReadOnlyList<string> Outcomes => _outcomes;

    public void Say(string text) => _outcomes.Add(text);

    /// <summary>The target write's sentence, said once, by the first handler that needed the target.</summary>
    public void SayCreation()
    {
        if (_creationSaid || Creation is null)
        {
            return;
        }

        _creationSaid = true;
        Say(Creation.Message);
        TargetId = CreatedOrMergedId ?? TargetId;
    }
}
