using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;

namespace TomDashboard.Streams;

/// <summary>
/// What happens to each stream message: decode, run the topic's handlers, log it, show it live.
/// Callers store the message's offset only after this returns, so processing is at least once; replays are
/// harmless because an alert id already ingested is not handled again.
/// </summary>
public sealed class StreamMessageProcessor(
    IDbContextFactory<TomDbContext> databases,
    TargetWriter targets,
    TargetLists lists,
    TargetSearch search,
    LiveAlertHub hub,
    IEnumerable<IPacketDecoder> decoders,
    ILogger<StreamMessageProcessor> logger)
{
    private const int ErrorMaxLength = 2000;
    private readonly Dictionary<PacketFormat, IPacketDecoder> _decoders = decoders.ToDictionary(decoder => decoder.Format);

    public async Task<StreamMessageStatus> ProcessAsync(StreamOptions stream, StreamHealth health, StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(envelope);
        var rule = stream.RuleFor(envelope.Topic);
        var format = rule?.Format ?? stream.Format;
        IReadOnlyList<DecodedAlert> alerts;
        try
        {
            alerts = _decoders.TryGetValue(format, out var decoder)
                ? await decoder.DecodeAsync(envelope, cancellationToken)
                : throw new PacketDecodeException($"No decoder is registered for {format}.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is PacketDecodeException ? exception.Message : $"{format} could not decode it: {exception.Message}";
            logger.LogWarning(exception, "Message {Topic}[{Partition}]@{Offset} of {Stream} could not be decoded", envelope.Topic, envelope.Partition, envelope.Offset, stream.Name);
            await LogAsync(envelope, null, StreamMessageStatus.Failed, null, null, reason, cancellationToken);
            health.MessageHandled(envelope.Topic, envelope.ReceivedAt, failed: true);
            return StreamMessageStatus.Failed;
        }

        return await ProcessDecodedAsync(stream, health, envelope, alerts, cancellationToken);
    }

    /// <summary>Handles alerts already decoded (the simulated stream makes them directly).</summary>
    public async Task<StreamMessageStatus> ProcessDecodedAsync(
        StreamOptions stream, StreamHealth health, StreamEnvelope envelope, IReadOnlyList<DecodedAlert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(alerts);
        if (await AlreadyLoggedAsync(envelope, cancellationToken))
        {
            return StreamMessageStatus.Duplicate;
        }

        var rule = stream.RuleFor(envelope.Topic);
        var outcomes = new List<string>();
        long? targetId = null;
        var status = alerts.Count == 0 ? StreamMessageStatus.Ingested : StreamMessageStatus.Duplicate;
        string? error = null;
        foreach (var decoded in alerts)
        {
            if (await AlreadyIngestedAsync(stream.Name, decoded.Alert.Id, cancellationToken))
            {
                outcomes.Add($"{decoded.Alert.Id} was ingested before; nothing done again.");
                continue;
            }

            status = StreamMessageStatus.Ingested;
            try
            {
                if (rule is null)
                {
                    outcomes.Add($"No topic rule covers {envelope.Topic}; shown only.");
                }
                else
                {
                    targetId = await HandleAsync(rule, envelope.Topic, decoded, outcomes, cancellationToken) ?? targetId;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Handling alert {AlertId} from {Stream} failed", decoded.Alert.Id, stream.Name);
                status = StreamMessageStatus.Failed;
                error = $"Handling failed: {exception.Message}";
            }

            var alert = decoded.Alert with { Source = stream.Name, Topic = envelope.Topic, ReceivedAt = envelope.ReceivedAt };
            hub.Publish(alert, new LiveAlertDetails(decoded.Photometry, decoded.Cutouts));
        }

        if (rule is null)
        {
            logger.LogWarning("No topic rule of {Stream} covers {Topic}", stream.Name, envelope.Topic);
        }

        var alertId = alerts.Count > 0 ? alerts[0].Alert.Id : null;
        await LogAsync(envelope, alertId, status, targetId, outcomes.Count == 0 ? null : string.Join(" ", outcomes), error, cancellationToken);
        health.MessageHandled(envelope.Topic, envelope.ReceivedAt, failed: status == StreamMessageStatus.Failed);
        return status;
    }

    private async Task<long?> HandleAsync(TopicOptions rule, string topic, DecodedAlert decoded, List<string> outcomes, CancellationToken cancellationToken)
    {
        long? targetId = null;
        foreach (var handler in rule.Handlers)
        {
            if (!AlertCondition.Holds(handler.When, decoded.Fields, out var problem))
            {
                outcomes.Add(problem ?? $"{handler.Action}: condition \u201c{handler.When}\u201d not met.");
                continue;
            }

            switch (handler.Action)
            {
                case HandlerAction.ShowOnly:
                    break;
                case HandlerAction.CreateTarget:
                    targetId = await CreateTargetAsync(decoded, outcomes, cancellationToken) ?? targetId;
                    break;
                case HandlerAction.AddToList:
                    var listed = await CreateTargetAsync(decoded, outcomes, cancellationToken);
                    if (listed is { } id)
                    {
                        var list = string.IsNullOrWhiteSpace(handler.List) ? topic : handler.List.Trim();
                        var addition = await lists.AddByNameAsync(list, [id], cancellationToken);
                        outcomes.Add(addition.Succeeded ? addition.Message : $"Not added to the list {list}: {addition.Problem}");
                        targetId = id;
                    }

                    break;
                case HandlerAction.AttachPhotometry:
                    targetId = await AttachPhotometryAsync(decoded, outcomes, cancellationToken) ?? targetId;
                    break;
            }
        }

        return targetId;
    }

    /// <summary>
    /// Creates the target, with the packet's photometry and cutouts. A target that matches an existing one (a later
    /// alert of the same object, or the same object under another survey's name) is merged into it instead, so a
    /// stream never makes a duplicate.
    /// </summary>
    private async Task<long?> CreateTargetAsync(DecodedAlert decoded, List<string> outcomes, CancellationToken cancellationToken)
    {
        var creation = await targets.WriteAsync(decoded.ToSubmission(), DuplicatePolicy.MergeIntoMatch, cancellationToken);
        outcomes.Add(creation.Message);
        return creation is TargetCreated or TargetMerged ? TargetCreation.TargetIdOf(creation) : null;
    }

    private async Task<long?> AttachPhotometryAsync(DecodedAlert decoded, List<string> outcomes, CancellationToken cancellationToken)
    {
        var draft = decoded.TargetDraft;
        var targetId = await search.FindIdByNameAsync([draft.Name, .. draft.Aliases], cancellationToken);
        if (targetId is null)
        {
            outcomes.Add($"No target is named {draft.Name}; photometry not attached.");
            return null;
        }

        var points = await targets.ImportPhotometryAsync(targetId.Value, decoded.Photometry.ToAsyncEnumerable(), cancellationToken);
        outcomes.Add($"{points} photometry points attached to target {targetId}.");
        return targetId;
    }

    private async Task<bool> AlreadyLoggedAsync(StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.AlertStreamMessages.AnyAsync(
            message => message.Stream == envelope.Stream && message.Topic == envelope.Topic
                && message.Partition == envelope.Partition && message.Offset == envelope.Offset,
            cancellationToken);
    }

    private async Task<bool> AlreadyIngestedAsync(string stream, string alertId, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.AlertStreamMessages.AnyAsync(
            message => message.Stream == stream && message.AlertId == alertId && message.Status == StreamMessageStatus.Ingested,
            cancellationToken);
    }

    private async Task LogAsync(
        StreamEnvelope envelope, string? alertId, StreamMessageStatus status, long? targetId, string? outcome, string? error, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        database.AlertStreamMessages.Add(new AlertStreamMessage
        {
            Stream = envelope.Stream,
            Topic = envelope.Topic,
            Partition = envelope.Partition,
            Offset = envelope.Offset,
            MessageId = MessageIdOf(envelope) ?? alertId,
            AlertId = alertId,
            ReceivedAt = envelope.ReceivedAt,
            Status = status,
            TargetId = targetId,
            Outcome = Truncate(outcome, 1000),
            Error = Truncate(error, ErrorMaxLength),
        });
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // The same message was logged meanwhile (a redelivery raced this one): the first log stands.
            logger.LogInformation(exception, "Message {Topic}[{Partition}]@{Offset} was already logged", envelope.Topic, envelope.Partition, envelope.Offset);
        }
    }

    private static string? MessageIdOf(StreamEnvelope envelope) =>
        envelope.Headers.TryGetValue("_id", out var id) && id.Length == 16 ? new Guid(id, bigEndian: true).ToString() : null;

    private static string? Truncate(string? text, int length) =>
        text is null || text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}
