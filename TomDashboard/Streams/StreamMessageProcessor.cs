using Microsoft.EntityFrameworkCore;
using TomDashboard.Accounts;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Handlers;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;

namespace TomDashboard.Streams;

/// <summary>
/// What happens to stream messages, a batch at a time: decode, run the topic's handlers, log them, show them live.
/// Callers store the offsets only after this returns, so processing is at least once; replays are harmless because
/// a place already logged, or an alert id already ingested, is not handled again.
/// </summary>
public sealed partial class StreamMessageProcessor(
    IDbContextFactory<TomDbContext> databases,
    TargetWriter targets,
    LiveAlertHub hub,
    ILogger<StreamMessageProcessor> logger,
    StreamAccount? account = null,
    StreamMetrics? metrics = null)
{
    private const int ErrorMaxLength = 2000;

    public async Task<StreamMessageStatus> ProcessAsync(StreamPipeline stream, StreamHealth health, StreamEnvelope envelope, CancellationToken cancellationToken) =>
        (await ProcessBatchAsync(stream, health, [envelope], cancellationToken))[0];

    /// <summary>
    /// Decodes, handles and logs a batch of messages in their order: one query for the places already logged, one for
    /// the alert ids already ingested, and one save for the batch's log rows. The statuses follow the messages' order;
    /// the caller stores the offsets after this returns. The batch's alerts reach the live hub after the save.
    /// </summary>
    public async Task<IReadOnlyList<StreamMessageStatus>> ProcessBatchAsync(
        StreamPipeline stream, StreamHealth health, IReadOnlyList<StreamEnvelope> envelopes, CancellationToken cancellationToken)
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
    /// Decodes one message with its topic's decoder; a message that cannot be decoded comes back with the reason. Kafka
    /// streams call it on a stage of its own, so decoding overlaps the writing of the previous batch.
    /// </summary>
    public async Task<DecodedMessage> DecodeAsync(StreamPipeline stream, StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(envelope);
        var decoder = stream.DecoderFor(envelope.Topic, out var format);
        try
        {
            var alerts = decoder is not null
                ? await decoder.DecodeAsync(envelope, cancellationToken)
                : throw new PacketDecodeException($"No decoder is registered for {format}.");
            return new DecodedMessage(envelope, alerts, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is PacketDecodeException ? exception.Message : $"{format} could not decode it: {exception.Message}";
            LogUndecodable(logger, exception, envelope.Topic, envelope.Partition, envelope.Offset, stream.Name);
            return new DecodedMessage(envelope, [], reason);
        }
    }

    /// <summary>Handles and logs a batch of messages already decoded (a Kafka stream's decoding stage, the simulated stream).</summary>
    public Task<IReadOnlyList<StreamMessageStatus>> HandleDecodedBatchAsync(
        StreamPipeline stream, StreamHealth health, IReadOnlyList<DecodedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return HandleBatchAsync(stream, health, [.. messages], cancellationToken);
    }

    private async Task<IReadOnlyList<StreamMessageStatus>> HandleBatchAsync(
        StreamPipeline stream, StreamHealth health, List<DecodedMessage> messages, CancellationToken cancellationToken)
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
        var decodeFailures = new Dictionary<string, int>(StringComparer.Ordinal);
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
                decodeFailures[envelope.Topic] = decodeFailures.GetValueOrDefault(envelope.Topic) + 1;
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
                    work.Add(new AlertWork(new HandledAlert(decoded, envelope.Topic), rule, result));
                }

                live.Add(LiveAlert(decoded, stream.Name, envelope));
            }

            if (result.Status == StreamMessageStatus.Ingested && result.AlertId is not null)
            {
                // A later message of the batch with the same alert is a replay, as it would be in a later batch.
                ingested.Add(result.AlertId);
            }
        }

        var held = Conditions(work);
        await WriteTargetsAsync(stream, work, held, cancellationToken);
        await RunHandlersAsync(stream, work, held, cancellationToken);

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
            LogUncovered(logger, stream.Name, topic);
        }

        metrics?.Batch(stream.Name, decodeFailures, [.. messages.Select(message => message.Envelope.Topic)], statuses);

        await SaveRowsAsync(database, rows, cancellationToken);
        if (stream.PublishesLive)
        {
            foreach (var (alert, details) in live)
            {
                hub.Publish(alert, details);
            }
        }

        return statuses;
    }

    /// <summary>
    /// For a live reader: the batch's alerts onto this instance's Live pages, with no database work (the shared
    /// group's reader persists and handles them, on whichever instance holds the partition).
    /// </summary>
    public void PublishLive(StreamPipeline stream, IReadOnlyList<DecodedMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            foreach (var decoded in message.Alerts)
            {
                var (alert, details) = LiveAlert(decoded, stream.Name, message.Envelope);
                hub.Publish(alert, details);
            }
        }
    }

    /// <summary>
    /// The alert as Live pages show it, and its details. A packet's JSON source (which holds the packet's bytes) goes
    /// with the details, which the hub keeps for its newest alerts only, not with the row every page holds.
    /// </summary>
    private static (GenericAlert Alert, LiveAlertDetails Details) LiveAlert(DecodedAlert decoded, string stream, StreamEnvelope envelope)
    {
        var alert = decoded.Alert with { Source = stream, Topic = envelope.Topic, ReceivedAt = envelope.ReceivedAt };
        var details = new LiveAlertDetails(decoded.Photometry, decoded.Cutouts) { RawJsonSource = alert.RawJsonSource };
        return alert.RawJsonSource is null
            ? (alert, details)
            : (alert with { RawJsonSource = null, RawJson = PacketNoLongerHeld }, details);
    }

    private const string PacketNoLongerHeld =
        "{\"note\": \"This alert's packet is no longer held: View shows the packets of the newest alerts only (Live:DetailsCapacity).\"}";

    /// <summary>For each alert, which of its rule's handlers hold (null) or what the others say, evaluated once.</summary>
    private static Dictionary<AlertWork, string?[]> Conditions(List<AlertWork> work)
    {
        var held = new Dictionary<AlertWork, string?[]>(work.Count);
        foreach (var alert in work)
        {
            var handlers = alert.Rule.Handlers;
            var said = new string?[handlers.Count];
            for (var index = 0; index < handlers.Count; index++)
            {
                var condition = handlers[index].Condition;
                if (condition is not null && !condition.Holds(alert.Handled.Decoded.Fields, out var problem))
                {
                    said[index] = problem ?? $"{handlers[index].Action}: condition \u201c{condition.Text}\u201d not met.";
                }
            }

            held[alert] = said;
        }

        return held;
    }

    /// <summary>Every target the batch's handlers need, through the writer's one transaction for the batch.</summary>
    private async Task WriteTargetsAsync(StreamPipeline stream, List<AlertWork> work, Dictionary<AlertWork, string?[]> held, CancellationToken cancellationToken)
    {
        var needing = work.Where(alert => alert.Rule.Handlers.Where((handler, index) => handler.NeedsTarget && held[alert][index] is null).Any()).ToList();
        if (needing.Count == 0)
        {
            return;
        }

        try
        {
            // Handlers create as the streams' account, shared with its groups (the app itself where there are no accounts).
            var identity = account is null ? null : await account.GetAsync(cancellationToken);
            var creations = await targets.WriteBatchAsync(
                [.. needing.Select(alert => identity is null
                    ? alert.Handled.Decoded.ToSubmission()
                    : alert.Handled.Decoded.ToSubmission() with { By = identity.Viewer, Visibility = identity.Visibility, ShareWith = identity.ShareWith })],
                cancellationToken);
            for (var index = 0; index < needing.Count; index++)
            {
                needing[index].Handled.Creation = creations[index];
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTargetsFailed(logger, exception, needing.Count, stream.Name);
            foreach (var alert in needing)
            {
                alert.Handled.Failure = $"Handling failed: {exception.Message}";
            }
        }
    }

    /// <summary>
    /// Each rule's handlers in order, each over all the batch's alerts it holds for at once, so a handler's database
    /// work is per batch. What a handler says of an alert follows what the handlers before it said.
    /// </summary>
    private async Task RunHandlersAsync(StreamPipeline stream, List<AlertWork> work, Dictionary<AlertWork, string?[]> held, CancellationToken cancellationToken)
    {
        foreach (var group in work.Where(alert => alert.Handled.Failure is null).GroupBy(alert => alert.Rule))
        {
            var alerts = group.ToList();
            for (var index = 0; index < group.Key.Handlers.Count; index++)
            {
                var handler = group.Key.Handlers[index];
                var holding = new List<AlertWork>(alerts.Count);
                foreach (var alert in alerts.Where(alert => alert.Handled.Failure is null))
                {
                    if (held[alert][index] is { } notMet)
                    {
                        alert.Handled.Say(notMet);
                    }
                    else
                    {
                        holding.Add(alert);
                    }
                }

                if (holding.Count == 0)
                {
                    continue;
                }

                try
                {
                    await handler.FinishAsync([.. holding.Select(alert => alert.Handled)], cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogHandlerFailed(logger, exception, handler.Action.ToString(), holding.Count, stream.Name);
                    foreach (var alert in holding)
                    {
                        alert.Handled.Failure = $"Handling failed: {exception.Message}";
                    }
                }
            }
        }

        foreach (var alert in work)
        {
            var result = alert.Row;
            result.Outcomes.AddRange(alert.Handled.Outcomes);
            result.TargetId = alert.Handled.TargetId ?? result.TargetId;
            if (alert.Handled.Failure is { } failure)
            {
                result.Status = StreamMessageStatus.Failed;
                result.Error = failure;
            }
        }
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

    /// <summary>
    /// The batch's log rows in one transaction, inserted in bulk (EF's tracking of a thousand rows cost more than the
    /// inserts); if a redelivery raced one of them, each row is saved on its own and the first log stands.
    /// </summary>
    private async Task SaveRowsAsync(TomDbContext database, List<AlertStreamMessage> rows, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
            await BulkInsert.InsertAsync(database, rows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }
        catch (System.Data.Common.DbException exception)
        {
            LogRowsOneByOne(logger, exception, rows.Count);
        }

        foreach (var row in rows)
        {
            await using var single = await databases.CreateDbContextAsync(cancellationToken);
            // The bulk insert tracked nothing, so each row goes into a fresh context as it is.
            single.AlertStreamMessages.Add(row);
            try
            {
                await single.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception)
            {
                LogAlreadyLogged(logger, exception, row.Topic, row.Partition, row.Offset);
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

    private static string? MessageIdOf(StreamEnvelope envelope) =>
        envelope.Headers.TryGetValue("_id", out var id) && id.Length == 16 ? new Guid(id, bigEndian: true).ToString() : null;

    private static string? Truncate(string? text, int length) =>
        text is null || text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    // Per message only when a message fails or repeats; the hot path itself logs nothing.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Topic}[{Partition}]@{Offset} of {Stream} could not be decoded")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, string topic, int partition, long offset, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No topic rule of {Stream} covers {Topic}")]
    private static partial void LogUncovered(ILogger logger, string stream, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the targets of a batch of {Count} alerts from {Stream} failed")]
    private static partial void LogTargetsFailed(ILogger logger, Exception exception, int count, string stream);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Action} failed for {Count} alerts from {Stream}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string action, int count, string stream);

    [LoggerMessage(Level = LogLevel.Information, Message = "A batch of {Count} log rows met a row logged meanwhile; saving them one by one")]
    private static partial void LogRowsOneByOne(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {Topic}[{Partition}]@{Offset} was already logged")]
    private static partial void LogAlreadyLogged(ILogger logger, Exception exception, string topic, int partition, long offset);
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

/// <summary>One alert of a batch with the rule it goes through and the log row it ends in.</summary>
internal sealed class AlertWork(HandledAlert handled, TopicRule rule, MessageResult row)
{
    public HandledAlert Handled { get; } = handled;

    public TopicRule Rule { get; } = rule;

    public MessageResult Row { get; } = row;
}
