using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Data;

namespace TomDashboard.Streams.Kafka;

/// <summary>
/// One Kafka stream: a consumer thread receives its topics into a bounded queue, a writer hands what has arrived to
/// the processor as one batch, and the batch's offsets are stored only after that. Only a fatal error tears the consumer down and builds it again after a growing pause; librdkafka
/// recovers from the others itself, so they are shown on the stream's health and the stream goes on.
/// </summary>
public sealed partial class KafkaStreamWorker(
    StreamPipeline pipeline,
    StreamHealth health,
    StreamMessageProcessor processor,
    TimeProvider time,
    ILogger<KafkaStreamWorker> logger,
    IOptions<ClusterOptions> cluster,
    KafkaReaderRole role = KafkaReaderRole.Persisting) : BackgroundService
{
    public KafkaReaderRole Role => role;

    private StreamOptions Options => pipeline.Options;

    /// <summary>How long Consume blocks before the thread looks at its health duties again.</summary>
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Each stage's queue, and the most one batch writes. One batch ahead is enough to keep the writer busy; more only
    /// moves packets (74 KB each for ZTF) into the old generation of the GC, while librdkafka buffers natively.
    /// </summary>
    private const int QueueCapacity = 1_000;
    private const int MaxBatchSize = 1_000;
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
                LogReconnecting(logger, exception, Options.Name, pause);
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
        var config = role == KafkaReaderRole.LiveOnly ? KafkaClientConfig.LiveConsumer(Options, cluster.Value.InstanceId) : KafkaClientConfig.Consumer(Options);
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
                LogAssigned(logger, Options.Name, string.Join(", ", partitions));
            })
            // Logs from librdkafka can echo configuration; keep them at debug.
            .SetLogHandler((_, message) => LogLibrdkafka(logger, message.Facility, SecretRedaction.Default.Redact(message.Message)))
            .Build();

        using var metadata = new DependentAdminClientBuilder(consumer.Handle).Build();
        consumer.Subscribe(Options.Topics.Where(topic => topic.IsSubscription).Select(topic => topic.Topic));

        // The consumer blocks in Consume on a thread of its own and never waits on the database; the writer below
        // takes whatever has arrived as one batch. The bounded queue is what holds the consumer back when it must.
        var received = Channel.CreateBounded<ConsumeResult<byte[]?, byte[]?>>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var decoded = Channel.CreateBounded<(ConsumeResult<byte[]?, byte[]?> Received, DecodedMessage Message)>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var consuming = new Thread(() => ConsumeLoop(consumer, metadata, config, () => fatal, received.Writer, stop.Token))
        {
            IsBackground = true,
            Name = $"Kafka consumer {Options.Name}",
        };
        consuming.Start();
        // Three stages: the consumer thread, decoding, and writing; each batch is written while the next is decoded.
        var decoding = DecodeAllAsync(received.Reader, decoded.Writer, stop.Token);
        try
        {
            await WriteBatchesAsync(consumer, decoded.Reader, stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await decoding;
            consuming.Join();
            // Commits the stored offsets (a live reader has none) and leaves the group cleanly.
            consumer.Close();
        }
    }

    /// <summary>The consumer thread: messages into the queue, and the stream's health kept current.</summary>
    private void ConsumeLoop(
        IConsumer<byte[]?, byte[]?> consumer,
        IAdminClient metadata,
        ConsumerConfig config,
        Func<Error?> fatal,
        ChannelWriter<ConsumeResult<byte[]?, byte[]?>> received,
        CancellationToken stop)
    {
        var topicCheckInterval = KafkaClientConfig.MetadataRefreshInterval(config);
        var nextLag = time.GetUtcNow();
        var nextTopicCheck = time.GetUtcNow();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (fatal() is { } error)
                {
                    throw new KafkaException(error);
                }

                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    result = consumer.Consume(ConsumeTimeout);
                }
                catch (ConsumeException exception) when (!exception.Error.IsFatal)
                {
                    // E.g. "Subscribed topic not available": tonight's topic is not created yet; the others flow.
                    NonFatal(exception.Error);
                    if (exception.Error.Code == ErrorCode.UnknownTopicOrPart && exception.ConsumerRecord?.Topic is { } missing
                        && Options.Topics.Any(rule => rule.IsSubscription && !rule.IsPattern && rule.Topic == missing))
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

                if (result is null || result.IsPartitionEOF)
                {
                    continue;
                }

                while (!received.TryWrite(result))
                {
                    // A thread of our own, so blocking here holds no pool thread: the writer is behind.
                    if (!received.WaitToWriteAsync(stop).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }
                }
            }

            received.TryComplete();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            received.TryComplete();
        }
        catch (Exception exception)
        {
            // The writer sees it and the supervisor rebuilds the consumer.
            received.TryComplete(exception);
        }
    }

    /// <summary>The decoding stage; its end (or failure) ends the writer's reading too.</summary>
    private async Task DecodeAllAsync(
        ChannelReader<ConsumeResult<byte[]?, byte[]?>> received, ChannelWriter<(ConsumeResult<byte[]?, byte[]?> Received, DecodedMessage Message)> decoded, CancellationToken stop)
    {
        try
        {
            await foreach (var result in received.ReadAllAsync(stop))
            {
                await decoded.WriteAsync((result, await processor.DecodeAsync(pipeline, ToEnvelope(result), stop)), stop);
            }

            decoded.TryComplete();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            decoded.TryComplete();
        }
        catch (Exception exception)
        {
            decoded.TryComplete(exception);
        }
    }

    /// <summary>Whatever has been decoded is one batch; its offsets are stored once its log rows and handler writes are saved.</summary>
    private async Task WriteBatchesAsync(
        IConsumer<byte[]?, byte[]?> consumer, ChannelReader<(ConsumeResult<byte[]?, byte[]?> Received, DecodedMessage Message)> decoded, CancellationToken stop)
    {
        var batch = new List<(ConsumeResult<byte[]?, byte[]?> Received, DecodedMessage Message)>(MaxBatchSize);
        while (await decoded.WaitToReadAsync(stop))
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && decoded.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (role == KafkaReaderRole.LiveOnly)
            {
                processor.PublishLive(pipeline, [.. batch.Select(item => item.Message)]);
            }
            else
            {
                await processor.HandleDecodedBatchAsync(pipeline, health, [.. batch.Select(item => item.Message)], stop);
                StoreOffsets(consumer, [.. batch.Select(item => item.Received)]);
            }

            Interlocked.Add(ref _processed, batch.Count);
            _failures = 0;
        }
    }

    private void StoreOffsets(IConsumer<byte[]?, byte[]?> consumer, List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        foreach (var last in batch.GroupBy(result => result.TopicPartition).Select(partition => partition.MaxBy(result => result.Offset.Value)!))
        {
            try
            {
                consumer.StoreOffset(last);
            }
            catch (KafkaException exception)
            {
                // The partition went to another member meanwhile: it reads these again, and the log makes that harmless.
                LogOffsetNotStored(logger, Options.Name, last.TopicPartition.ToString(), exception.Error.Reason);
            }
        }
    }

    private void NonFatal(Error error)
    {
        health.Note(error.Reason, time.GetUtcNow());
        LogNonFatal(logger, Options.Name, error.Code, SecretRedaction.Default.Redact(error.Reason));
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
            LogTopicsNotChecked(logger, Options.Name, exception.Error.Reason);
            return;
        }

        foreach (var rule in pipeline.Rules.Where(rule => rule.Kind != TopicRuleKind.Fallback))
        {
            var exists = rule.Kind == TopicRuleKind.Pattern ? topics.Any(rule.Matches) : topics.Contains(rule.Topic);
            health.WaitingForTopic(rule.Topic, waiting: !exists);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} failed; reconnecting in {Pause}")]
    private static partial void LogReconnecting(ILogger logger, Exception exception, string stream, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} assigned {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string stream, string partitions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string facility, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream}: {Code} {Reason}")]
    private static partial void LogNonFatal(ILogger logger, string stream, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream}: the offset of {Partition} was not stored: {Reason}")]
    private static partial void LogOffsetNotStored(ILogger logger, string stream, string partition, string reason);

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
            Stream = Options.Name,
            Topic = result.Topic,
            Partition = result.Partition.Value,
            Offset = result.Offset.Value,
            ReceivedAt = time.GetUtcNow(),
            Key = result.Message.Key,
            Value = result.Message.Value ?? [],
            Headers = headers,
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

public enum KafkaReaderRole
{
    /// <summary>In the stream's shared group: handles, logs and stores offsets after the writes.</summary>
    Persisting,

    /// <summary>In this instance's own group, committing nothing: feeds this instance's Live pages only.</summary>
    LiveOnly,
}
