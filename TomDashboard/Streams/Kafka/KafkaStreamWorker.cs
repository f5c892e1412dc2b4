using Confluent.Kafka;

namespace TomDashboard.Streams.Kafka;

/// <summary>
/// One Kafka stream: consumes its topics, hands each message to the processor, and stores the message's offset
/// only after that. Only a fatal error tears the consumer down and builds it again after a growing pause; librdkafka
/// recovers from the others itself, so they are shown on the stream's health and the stream goes on.
/// </summary>
public sealed partial class KafkaStreamWorker(
    StreamOptions stream,
    StreamHealth health,
    StreamMessageProcessor processor,
    TimeProvider time,
    ILogger<KafkaStreamWorker> logger) : BackgroundService
{
    /// <summary>How long to wait when the local queue is empty; librdkafka keeps fetching meanwhile.</summary>
    private static readonly TimeSpan IdlePause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);

    private long _processed;
    private int _failures;

    /// <summary>Messages handed to the processor since start.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => SuperviseAsync(stoppingToken), CancellationToken.None);

    private async Task SuperviseAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                _failures++;
                var pause = TimeSpan.FromSeconds(Math.Min(MaxBackOff.TotalSeconds, Math.Pow(2, Math.Min(_failures, 10))));
                health.Rebuilding($"{exception.Message} Retrying in {pause.TotalSeconds:0} s.", time.GetUtcNow());
                logger.LogWarning(exception, "Stream {Stream} failed; reconnecting in {Pause}", stream.Name, pause);
                try
                {
                    await Task.Delay(pause, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        health.Stopped();
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        health.Connecting();
        Error? fatal = null;
        var config = KafkaClientConfig.Consumer(stream);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    fatal = error;
                    health.Failing(error.Reason, time.GetUtcNow());
                }
                else if (error.Code == ErrorCode.Local_AllBrokersDown)
                {
                    // librdkafka keeps reconnecting by itself; the page should still not call a dead cluster connected.
                    health.Failing(error.Reason, time.GetUtcNow());
                }
                else
                {
                    NonFatal(error);
                }
            })
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                health.Connected();
                logger.LogInformation("Stream {Stream} assigned {Partitions}", stream.Name, string.Join(", ", partitions));
            })
            // Logs from librdkafka can echo configuration; keep them at debug.
            .SetLogHandler((_, message) => logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .Build();

        using var metadata = new DependentAdminClientBuilder(consumer.Handle).Build();
        consumer.Subscribe(stream.Topics.Where(topic => topic.IsSubscription).Select(topic => topic.Topic));
        var topicCheckInterval = KafkaClientConfig.MetadataRefreshInterval(config);
        var nextLag = time.GetUtcNow();
        var nextTopicCheck = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (fatal is { } error)
                {
                    throw new KafkaException(error);
                }

                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    // A zero timeout only reads librdkafka's local queue, so no thread is held while the stream is quiet.
                    result = consumer.Consume(TimeSpan.Zero);
                }
                catch (ConsumeException exception) when (!exception.Error.IsFatal)
                {
                    // E.g. "Subscribed topic not available": tonight's topic is not created yet; the others flow.
                    NonFatal(exception.Error);
                    if (exception.Error.Code == ErrorCode.UnknownTopicOrPart && exception.ConsumerRecord?.Topic is { } missing
                        && stream.Topics.Any(rule => rule.IsSubscription && !rule.IsPattern && rule.Topic == missing))
                    {
                        health.WaitingForTopic(missing, waiting: true);
                    }

                    continue;
                }

                if (time.GetUtcNow() >= nextLag)
                {
                    ReportLag(consumer);
                    nextLag = time.GetUtcNow() + LagInterval;
                }

                if (time.GetUtcNow() >= nextTopicCheck)
                {
                    CheckTopics(metadata);
                    nextTopicCheck = time.GetUtcNow() + topicCheckInterval;
                }

                if (result is null)
                {
                    await Task.Delay(IdlePause, time, stoppingToken);
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    continue;
                }

                await processor.ProcessAsync(stream, health, ToEnvelope(result), stoppingToken);
                consumer.StoreOffset(result);
                Interlocked.Increment(ref _processed);
                _failures = 0;
            }
        }
        finally
        {
            // Commits the stored offsets and leaves the group cleanly.
            consumer.Close();
        }
    }

    private void NonFatal(Error error)
    {
        health.Note(error.Reason, time.GetUtcNow());
        LogNonFatal(logger, stream.Name, error.Code, error.Reason);
    }

    /// <summary>Marks each subscribed rule that no topic in the cluster matches yet as waiting, and the others not.</summary>
    private void CheckTopics(IAdminClient metadata)
    {
        HashSet<string> topics;
        try
        {
            topics = [.. metadata.GetMetadata(MetadataTimeout).Topics.Where(topic => topic.Error.Code == ErrorCode.NoError).Select(topic => topic.Topic)];
        }
        catch (KafkaException exception)
        {
            LogTopicsNotChecked(logger, stream.Name, exception.Error.Reason);
            return;
        }

        foreach (var rule in stream.Topics.Where(rule => rule.IsSubscription))
        {
            var exists = rule.IsPattern ? topics.Any(rule.Matches) : topics.Contains(rule.Topic);
            health.WaitingForTopic(rule.Topic, waiting: !exists);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream}: {Code} {Reason}")]
    private static partial void LogNonFatal(ILogger logger, string stream, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Stream}: the cluster's topics could not be listed: {Reason}")]
    private static partial void LogTopicsNotChecked(ILogger logger, string stream, string reason);

    private StreamEnvelope ToEnvelope(ConsumeResult<byte[]?, byte[]?> result)
    {
        var headers = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var header in result.Message.Headers ?? [])
        {
            headers[header.Key] = header.GetValueBytes() ?? [];
        }

        return new StreamEnvelope
        {
            Stream = stream.Name,
            Topic = result.Topic,
            Partition = result.Partition.Value,
            Offset = result.Offset.Value,
            ReceivedAt = time.GetUtcNow(),
            Key = result.Message.Key,
            Value = result.Message.Value ?? [],
            Headers = headers,
            SchemaRegistryUrl = stream.SchemaRegistryUrl,
        };
    }

    private void ReportLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        foreach (var group in consumer.Assignment.GroupBy(partition => partition.Topic))
        {
            long lag = 0;
            foreach (var partition in group)
            {
                var watermarks = consumer.GetWatermarkOffsets(partition);
                var position = consumer.Position(partition);
                if (watermarks.High != Offset.Unset && position != Offset.Unset)
                {
                    lag += Math.Max(0, watermarks.High.Value - position.Value);
                }
            }

            health.Lag(group.Key, lag);
        }
    }
}
