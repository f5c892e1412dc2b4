using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Streams;
using TomDashboard.Streams.Simulated;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams.Simulated;

public sealed class SimulatedStreamWorkerTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero));
    private StreamHost _host = default!;

    public async ValueTask InitializeAsync() => _host = await StreamHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static StreamOptions Simulated(double alertsPerSecond) => new()
    {
        Name = "Simulated ZTF",
        Kind = StreamKind.Simulated,
        Simulated = new SimulatedStreamOptions { AlertsPerSecond = alertsPerSecond, BurstEverySeconds = 0, Seed = 3 },
        Topics = [new TopicOptions { Topic = "ztf_simulated" }],
    };

    private (BackgroundService Worker, StreamHealth Health) Start(StreamOptions stream)
    {
        var health = _host.Health.Register(stream.Name, stream.Kind, []);
        var worker = ActivatorUtilities.CreateInstance<SimulatedStreamWorker>(_host.Services, _host.Pipeline(stream), health, (TimeProvider)_time);
        return (worker, health);
    }

    [Fact]
    public async Task Five_hundred_a_second_for_a_second_are_five_hundred_alerts_not_one_per_tick()
    {
        var (worker, health) = Start(Simulated(500));
        await worker.StartAsync(Cancellation);
        await Eventually.HoldsAsync(() => Task.FromResult(Snapshot(health).Messages >= 1), "the first alert is emitted at the start");

        // A hundred ticks of 10 ms on the fake clock, each waiting for the worker to take it.
        for (var tick = 0; tick < 100; tick++)
        {
            var before = Snapshot(health).Messages;
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Eventually.HoldsAsync(() => Task.FromResult(Snapshot(health).Messages >= before + 5), $"tick {tick} emits its 5 alerts");
        }

        await worker.StopAsync(Cancellation);
        Assert.Equal(501, Snapshot(health).Messages);
    }

    [Fact]
    public async Task A_worker_that_dies_says_why_on_the_streams_page()
    {
        // Validation refuses this rate; a worker handed it anyway must not stop silently.
        var (worker, health) = Start(Simulated(double.NaN));

        await worker.StartAsync(Cancellation);
        await Eventually.HoldsAsync(() => Task.FromResult(Snapshot(health).State == StreamState.Failing), "the worker reports its death");

        var snapshot = Snapshot(health);
        Assert.StartsWith("The simulated stream stopped: The simulated rate must be a positive number", snapshot.LastError, StringComparison.Ordinal);
        await worker.StopAsync(Cancellation);
        Assert.Equal(StreamState.Failing, Snapshot(health).State);
    }

    private StreamHealthSnapshot Snapshot(StreamHealth health) => _host.Health.Snapshot().Single(stream => stream.Name == "Simulated ZTF");
}
