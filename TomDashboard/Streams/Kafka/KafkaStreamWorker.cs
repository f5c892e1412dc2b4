using Confluent.Kafka;

namespace TomDashboard.Streams.Kafka;

/// <summary>
/// One Kafka stream: consumes its topics, hands each message to the processor, and stores the message's offset
/// only after that. A failure tears the consumer down and builds it again after a growing pause.
/// </summary>
public sealed class KafkaStreamWorker(
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

    private long _processed;

    /// <summary>Messages handed to the processor since start.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => SuperviseAsync(stoppingToken), CancellationToken.None);

    private async Task SuperviseAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
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
                failures++;
                var pause = TimeSpan.FromSeconds(Math.Min(MaxBackOff.TotalSeconds, Math.Pow(2, Math.Min(failures, 10))));
                health.Failing($"{exception.Message} Retrying in {pause.TotalSeconds:0} s.", time.GetUtcNow());
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
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfig.Consumer(stream))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    fatal = error;
                }

                health.Failing(error.Reason, time.GetUtcNow());
            })
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                health.Connected();
                logger.LogInformation("Stream {Stream} assigned {Partitions}", stream.Name, string.Join(", ", partitions));
            })
            // Logs from librdkafka can echo configuration; keep them at debug.
            .SetLogHandler((_, message) => logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .Build();

        consumer.Subscribe(stream.Topics.Where(topic => topic.IsSubscription).Select(topic => topic.Topic));
        var nextLag = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (fatal is { } error)
                {
                    throw new KafkaException(error);
                }

                // A zero timeout only reads librdkafka's local queue, so no thread is held while the stream is quiet.
                var result = consumer.Consume(TimeSpan.Zero);
                if (time.GetUtcNow() >= nextLag)
                {
                    ReportLag(consumer);
                    nextLag = time.GetUtcNow() + LagInterval;
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
            }
        }
        finally
        {
            // Commits the stored offsets and leaves the group cleanly.
            consumer.Close();
        }
    }

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
