using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;

namespace TomDashboard.Streams;

/// <summary>
/// What happens to stream messages, a batch at a time: decode, run the topic's handlers, log them, show them live.
/// Callers store the offsets only after this returns, so processing is at least once; replays are harmless because
/// a place already logged, or an alert id already ingested, is not handled again.
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

    public async Task<StreamMessageStatus> ProcessAsync(StreamOptions stream, StreamHealth health, StreamEnvelope envelope, CancellationToken cancellationToken) =>
        (await ProcessBatchAsync(stream, health, [envelope], cancellationToken))[0];

    /// <summary>
    /// Decodes, handles and logs a batch of messages in their order: one query for the places already logged, one for
    /// the alert ids already ingested, and one save for the batch's log rows. The statuses follow the messages' order;
    /// the caller stores the offsets after this returns. The batch's alerts reach the live hub after the save.
    /// </summary>
    public async Task<IReadOnlyList<StreamMessageStatus>> ProcessBatchAsync(
        StreamOptions stream, StreamHealth health, IReadOnlyList<StreamEnvelope> envelopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(envelopes);
        var messages = new List<DecodedMessage>(envelopes.Count);
        foreach (var envelope in envelopes)
        {
            messages.Add(await DecodeAsync(stream, envelope, cancellationToken));
        }

        return await HandleBatchAsync(stream, health, messages, cancellationToken);
    }

    /// <summary>
    /// Decodes one message with its topic's format; a message that cannot be decoded comes back with the reason. Kafka
    /// streams call it on a stage of its own, so decoding overlaps the writing of the previous batch.
    /// </summary>
    public async Task<DecodedMessage> DecodeAsync(StreamOptions stream, StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(envelope);
        var format = stream.RuleFor(envelope.Topic)?.Format ?? stream.Format;
        try
        {
            var alerts = _decoders.TryGetValue(format, out var decoder)
                ? await decoder.DecodeAsync(envelope, cancellationToken)
                : throw new PacketDecodeException($"No decoder is registered for {format}.");
            return new DecodedMessage(envelope, alerts, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is PacketDecodeException ? exception.Message : $"{format} could not decode it: {exception.Message}";
            logger.LogWarning(exception, "Message {Topic}[{Partition}]@{Offset} of {Stream} could not be decoded", envelope.Topic, envelope.Partition, envelope.Offset, stream.Name);
            return new DecodedMessage(envelope, [], reason);
        }
    }

    /// <summary>Handles and logs a batch of messages already decoded (a Kafka stream's decoding stage, the simulated stream).</summary>
    public Task<IReadOnlyList<StreamMessageStatus>> HandleDecodedBatchAsync(
        StreamOptions stream, StreamHealth health, IReadOnlyList<DecodedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return HandleBatchAsync(stream, health, [.. messages], cancellationToken);
    }

    private async Task<IReadOnlyList<StreamMessageStatus>> HandleBatchAsync(
        StreamOptions stream, StreamHealth health, List<DecodedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(health);
        var statuses = new StreamMessageStatus[messages.Count];
        if (messages.Count == 0)
        {
            return statuses;
        }

        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var logged = await LoggedPlacesAsync(database, messages, cancellationToken);
        var ingested = await IngestedAlertIdsAsync(database, stream.Name, messages, cancellationToken);
        var results = new List<MessageResult>(messages.Count);
        var work = new List<AlertWork>();
        var live = new List<(GenericAlert Alert, LiveAlertDetails Details)>();
        var uncovered = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < messages.Count; index++)
        {
            var (envelope, alerts, decodeFailure) = messages[index];
            if (!logged.Add((envelope.Topic, envelope.Partition, envelope.Offset)))
            {
                statuses[index] = StreamMessageStatus.Duplicate;
                continue;
            }

            var result = new MessageResult(index, envelope) { Error = decodeFailure };
            results.Add(result);
            if (decodeFailure is not null)
            {
                result.Status = StreamMessageStatus.Failed;
                continue;
            }

            var rule = stream.RuleFor(envelope.Topic);
            if (rule is null)
            {
                uncovered.Add(envelope.Topic);
            }

            result.Status = alerts.Count == 0 ? StreamMessageStatus.Ingested : StreamMessageStatus.Duplicate;
            result.AlertId = alerts.Count > 0 ? alerts[0].Alert.Id : null;
            foreach (var decoded in alerts)
            {
                if (ingested.Contains(decoded.Alert.Id))
                {
                    result.Outcomes.Add($"{decoded.Alert.Id} was ingested before; nothing done again.");
                    continue;
                }

                result.Status = StreamMessageStatus.Ingested;
                if (rule is null)
                {
                    result.Outcomes.Add($"No topic rule covers {envelope.Topic}; shown only.");
                }
                else
                {
                    work.Add(Plan(rule, decoded, result));
                }

                live.Add((decoded.Alert with { Source = stream.Name, Topic = envelope.Topic, ReceivedAt = envelope.ReceivedAt }, new LiveAlertDetails(decoded.Photometry, decoded.Cutouts)));
            }

            if (result.Status == StreamMessageStatus.Ingested && result.AlertId is not null)
            {
                // A later message of the batch with the same alert is a replay, as it would be in a later batch.
                ingested.Add(result.AlertId);
            }
        }

        await WriteTargetsAsync(stream, work, cancellationToken);
        foreach (var alert in work)
        {
            await FinishAsync(stream, alert, cancellationToken);
        }

        var rows = new List<AlertStreamMessage>(results.Count);
        foreach (var result in results)
        {
            var outcome = result.Outcomes.Count == 0 ? null : string.Join(" ", result.Outcomes);
            rows.Add(Row(result.Envelope, result.AlertId, result.Status, result.TargetId, outcome, result.Error));
            health.MessageHandled(result.Envelope.Topic, result.Envelope.ReceivedAt, failed: result.Status == StreamMessageStatus.Failed);
            statuses[result.Index] = result.Status;
        }

        foreach (var topic in uncovered)
        {
            logger.LogWarning("No topic rule of {Stream} covers {Topic}", stream.Name, topic);
        }

        await SaveRowsAsync(database, rows, cancellationToken);
        foreach (var (alert, details) in live)
        {
            hub.Publish(alert, details);
        }

        return statuses;
    }

    /// <summary>The handlers whose conditions hold, in order; what the others say goes to the outcome as it stands.</summary>
    private static AlertWork Plan(TopicOptions rule, DecodedAlert decoded, MessageResult result)
    {
        var alert = new AlertWork(decoded, result);
        foreach (var handler in rule.Handlers)
        {
            if (!AlertCondition.Holds(handler.When, decoded.Fields, out var problem))
            {
                alert.Steps.Add(new HandlerStep(null, problem ?? $"{handler.Action}: condition \u201c{handler.When}\u201d not met.", null));
                continue;
            }

            if (handler.Action is HandlerAction.CreateTarget or HandlerAction.AddToList)
            {
                alert.NeedsTarget = true;
            }

            var list = string.IsNullOrWhiteSpace(handler.List) ? result.Envelope.Topic : handler.List.Trim();
            alert.Steps.Add(new HandlerStep(handler.Action, null, list));
        }

        return alert;
    }

    /// <summary>Every target the batch's handlers make, through the writer's one transaction for the batch.</summary>
    private async Task WriteTargetsAsync(StreamOptions stream, List<AlertWork> work, CancellationToken cancellationToken)
    {
        var needing = work.Where(alert => alert.NeedsTarget).ToList();
        if (needing.Count == 0)
        {
            return;
        }

        try
        {
            var creations = await targets.WriteBatchAsync([.. needing.Select(alert => alert.Decoded.ToSubmission())], cancellationToken);
            for (var index = 0; index < needing.Count; index++)
            {
                needing[index].Creation = creations[index];
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Writing the targets of a batch of {Count} alerts from {Stream} failed", needing.Count, stream.Name);
            foreach (var alert in needing)
            {
                alert.Failure = $"Handling failed: {exception.Message}";
            }
        }
    }

    /// <summary>Each handler's outcome in order; list additions and attached photometry, which need the target, happen now.</summary>
    private async Task FinishAsync(StreamOptions stream, AlertWork alert, CancellationToken cancellationToken)
    {
        var result = alert.Row;
        if (alert.Failure is { } failure)
        {
            result.Status = StreamMessageStatus.Failed;
            result.Error = failure;
            return;
        }

        var targetId = alert.Creation is TargetCreated or TargetMerged ? TargetCreation.TargetIdOf(alert.Creation) : null;
        var creationSaid = false;
        try
        {
            foreach (var step in alert.Steps)
            {
                if (step.Action is null)
                {
                    result.Outcomes.Add(step.Text!);
                    continue;
                }

                if (step.Action is HandlerAction.CreateTarget or HandlerAction.AddToList && !creationSaid)
                {
                    result.Outcomes.Add(alert.Creation!.Message);
                    creationSaid = true;
                    result.TargetId = targetId ?? result.TargetId;
                }

                if (step.Action == HandlerAction.AddToList && targetId is { } id)
                {
                    var addition = await lists.AddByNameAsync(step.List!, [id], cancellationToken);
                    result.Outcomes.Add(addition.Succeeded ? addition.Message : $"Not added to the list {step.List}: {addition.Problem}");
                }
                else if (step.Action == HandlerAction.AttachPhotometry)
                {
                    result.TargetId = await AttachPhotometryAsync(alert.Decoded, result.Outcomes, cancellationToken) ?? result.TargetId;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Handling alert {AlertId} from {Stream} failed", alert.Decoded.Alert.Id, stream.Name);
            result.Status = StreamMessageStatus.Failed;
            result.Error = $"Handling failed: {exception.Message}";
        }
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

    /// <summary>The batch's places (topic, partition, offset) that are logged already, in one query.</summary>
    private static async Task<HashSet<(string Topic, int Partition, long Offset)>> LoggedPlacesAsync(
        TomDbContext database, List<DecodedMessage> messages, CancellationToken cancellationToken)
    {
        var streamName = messages[0].Envelope.Stream;
        var topics = messages.Select(message => message.Envelope.Topic).Distinct(StringComparer.Ordinal).ToList();
        var lowest = messages.Min(message => message.Envelope.Offset);
        var highest = messages.Max(message => message.Envelope.Offset);
        var found = await database.AlertStreamMessages.AsNoTracking()
            .Where(message => message.Stream == streamName && topics.Contains(message.Topic) && message.Offset >= lowest && message.Offset <= highest)
            .Select(message => new { message.Topic, message.Partition, message.Offset })
            .ToListAsync(cancellationToken);
        var wanted = messages.Select(message => (message.Envelope.Topic, message.Envelope.Partition, message.Envelope.Offset)).ToHashSet();
        return [.. found.Select(place => (place.Topic, place.Partition, place.Offset)).Where(wanted.Contains)];
    }

    /// <summary>The batch's alert ids that a message of this stream has ingested already, in one query.</summary>
    private static async Task<HashSet<string>> IngestedAlertIdsAsync(
        TomDbContext database, string stream, List<DecodedMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.SelectMany(message => message.Alerts).Select(decoded => decoded.Alert.Id).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var found = await database.AlertStreamMessages.AsNoTracking()
            .Where(message => message.Stream == stream && message.Status == StreamMessageStatus.Ingested && ids.Contains(message.AlertId!))
            .Select(message => message.AlertId!)
            .ToListAsync(cancellationToken);
        return new HashSet<string>(found, StringComparer.Ordinal);
    }

    /// <summary>One save for the batch's log rows; if a redelivery raced one of them, each row is saved on its own and the first log stands.</summary>
    private async Task SaveRowsAsync(TomDbContext database, List<AlertStreamMessage> rows, CancellationToken cancellationToken)
    {
        database.AlertStreamMessages.AddRange(rows);
        try
        {
            await database.SaveChangesAsync(cancellationToken);
            return;
        }
        catch (DbUpdateException exception)
        {
            logger.LogInformation(exception, "A batch of {Count} log rows met a row logged meanwhile; saving them one by one", rows.Count);
        }

        foreach (var row in rows)
        {
            await using var single = await databases.CreateDbContextAsync(cancellationToken);
            single.AlertStreamMessages.Add(Copy(row));
            try
            {
                await single.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception)
            {
                logger.LogInformation(exception, "Message {Topic}[{Partition}]@{Offset} was already logged", row.Topic, row.Partition, row.Offset);
            }
        }
    }

    private static AlertStreamMessage Row(
        StreamEnvelope envelope, string? alertId, StreamMessageStatus status, long? targetId, string? outcome, string? error) => new()
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
        };

    private static AlertStreamMessage Copy(AlertStreamMessage row) => new()
    {
        Stream = row.Stream,
        Topic = row.Topic,
        Partition = row.Partition,
        Offset = row.Offset,
        MessageId = row.MessageId,
        AlertId = row.AlertId,
        ReceivedAt = row.ReceivedAt,
        Status = row.Status,
        TargetId = row.TargetId,
        Outcome = row.Outcome,
        Error = row.Error,
    };

    private static string? MessageIdOf(StreamEnvelope envelope) =>
        envelope.Headers.TryGetValue("_id", out var id) && id.Length == 16 ? new Guid(id, bigEndian: true).ToString() : null;

    private static string? Truncate(string? text, int length) =>
        text is null || text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}

/// <summary>A message with what its decoder made of it, or why it could not.</summary>
public sealed record DecodedMessage(StreamEnvelope Envelope, IReadOnlyList<DecodedAlert> Alerts, string? DecodeFailure);

/// <summary>What one message of a batch comes to: its log row in the making.</summary>
internal sealed class MessageResult(int index, StreamEnvelope envelope)
{
    public int Index { get; } = index;

    public StreamEnvelope Envelope { get; } = envelope;

    public StreamMessageStatus Status { get; set; }

    public string? AlertId { get; set; }

    public long? TargetId { get; set; }

    public List<string> Outcomes { get; } = [];

    public string? Error { get; set; }
}

/// <summary>A handler that holds for an alert (Action), or what one that does not hold says (Text).</summary>
internal sealed record HandlerStep(HandlerAction? Action, string? Text, string? List);

/// <summary>One alert's handlers, planned before the batch's targets are written and finished after.</summary>
internal sealed class AlertWork(DecodedAlert decoded, MessageResult result)
{
    public DecodedAlert Decoded { get; } = decoded;

    public MessageResult Row { get; } = result;

    public List<HandlerStep> Steps { get; } = [];

    public bool NeedsTarget { get; set; }

    public TargetCreation? Creation { get; set; }

    public string? Failure { get; set; }
}
