namespace TomDashboard.Streams.Simulated;

/// <summary>
/// The embedded default stream: ZTF-like alerts at a steady rate, with a burst every so often like a survey
/// visit, through the same processor as Kafka messages.
/// </summary>
public sealed class SimulatedStreamWorker(
    StreamOptions stream,
    StreamHealth health,
    StreamMessageProcessor processor,
    TimeProvider time,
    ILogger<SimulatedStreamWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = stream.Simulated;
        var simulator = new AlertSimulator(time, options.Seed);
        var topic = stream.Topics.FirstOrDefault(rule => rule.IsSubscription)?.Topic ?? "simulated";
        // Offsets keep growing across restarts, so the message log never sees the same place twice.
        var offset = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        var interval = TimeSpan.FromSeconds(1 / options.AlertsPerSecond);
        var nextBurst = time.GetUtcNow() + TimeSpan.FromSeconds(options.BurstEverySeconds);
        health.Connected();
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                var count = 1;
                if (options.BurstEverySeconds > 0 && time.GetUtcNow() >= nextBurst)
                {
                    count += options.BurstSize;
                    nextBurst = time.GetUtcNow() + TimeSpan.FromSeconds(options.BurstEverySeconds);
                }

                for (var i = 0; i < count && !stoppingToken.IsCancellationRequested; i++)
                {
                    await EmitAsync(simulator, topic, offset++, stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            health.Stopped();
        }
    }

    private async Task EmitAsync(AlertSimulator simulator, string topic, long offset, CancellationToken stoppingToken)
    {
        try
        {
            var decoded = simulator.Next(stream.Name, topic);
            var envelope = new StreamEnvelope
            {
                Stream = stream.Name,
                Topic = topic,
                Offset = offset,
                ReceivedAt = time.GetUtcNow(),
                Value = [],
            };
            await processor.ProcessDecodedAsync(stream, health, envelope, [decoded], stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            health.Failing(exception.Message, time.GetUtcNow());
            logger.LogError(exception, "The simulated stream {Stream} failed to emit an alert", stream.Name);
        }
    }
}
