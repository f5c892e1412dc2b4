namespace TomDashboard.Streams.Simulated;

/// <summary>
/// The embedded default stream: ZTF-like alerts at a steady rate, with a burst every so often like a survey
/// visit, through the same processor as Kafka messages.
/// </summary>
public sealed partial class SimulatedStreamWorker(
    StreamPipeline pipeline,
    StreamHealth health,
    StreamMessageProcessor processor,
    TimeProvider time,
    ILogger<SimulatedStreamWorker> logger) : BackgroundService
{
    private StreamOptions Options => pipeline.Options;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failed = false;
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // A worker that dies says why, on the streams page and in the log; it never stops silently.
            failed = true;
            health.Failing($"The simulated stream stopped: {exception.Message}", time.GetUtcNow());
            LogStopped(logger, exception, Options.Name);
        }
        finally
        {
            if (!failed)
            {
                health.Stopped();
            }
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var options = Options.Simulated;
        var simulator = new AlertSimulator(time, options.Seed);
        var topic = Options.Topics.FirstOrDefault(rule => rule.IsSubscription)?.Topic ?? "simulated";
        // Offsets keep growing across restarts, so the message log never sees the same place twice.
        var offset = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        var pace = new SimulatedPace(options.AlertsPerSecond, time.GetUtcNow());
        var nextBurst = time.GetUtcNow() + TimeSpan.FromSeconds(options.BurstEverySeconds);
        var skippedReported = 0L;
        var skipLoggedAt = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(pace.Tick, time);
        health.Connected();
        do
        {
            var count = pace.TakeDue(time.GetUtcNow());
            if (options.BurstEverySeconds > 0 && time.GetUtcNow() >= nextBurst)
            {
                count += options.BurstSize;
                nextBurst = time.GetUtcNow() + TimeSpan.FromSeconds(options.BurstEverySeconds);
            }

            if (count > 0)
            {
                await EmitAsync(simulator, topic, offset, count, stoppingToken);
                offset += count;
            }

            // Said at most every ten seconds: a log line per tick would itself slow the stream down.
            if (pace.Skipped > skippedReported && time.GetUtcNow() - skipLoggedAt >= TimeSpan.FromSeconds(10))
            {
                skipLoggedAt = time.GetUtcNow();
                LogCannotKeepUp(logger, Options.Name, options.AlertsPerSecond, pace.Skipped);
                skippedReported = pace.Skipped;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>A tick's alerts go to the processor as one batch, as a Kafka stream's would.</summary>
    private async Task EmitAsync(AlertSimulator simulator, string topic, long firstOffset, int count, CancellationToken stoppingToken)
    {
        try
        {
            var messages = new List<DecodedMessage>(count);
            for (var i = 0; i < count; i++)
            {
                var envelope = new StreamEnvelope
                {
                    Stream = Options.Name,
                    Topic = topic,
                    Offset = firstOffset + i,
                    ReceivedAt = time.GetUtcNow(),
                    Value = [],
                };
                messages.Add(new DecodedMessage(envelope, [simulator.Next(Options.Name, topic)], null));
            }

            await processor.HandleDecodedBatchAsync(pipeline, health, messages, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            health.Failing(exception.Message, time.GetUtcNow());
            LogEmitFailed(logger, exception, Options.Name, count);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The simulated stream {Stream} stopped")]
    private static partial void LogStopped(ILogger logger, Exception exception, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The simulated stream {Stream} cannot keep up with {Rate} alerts/s; {Skipped} alerts skipped so far")]
    private static partial void LogCannotKeepUp(ILogger logger, string stream, double rate, long skipped);

    [LoggerMessage(Level = LogLevel.Error, Message = "The simulated stream {Stream} failed to emit {Count} alerts")]
    private static partial void LogEmitFailed(ILogger logger, Exception exception, string stream, int count);
}
