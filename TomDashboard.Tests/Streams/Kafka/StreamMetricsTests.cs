using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams.Kafka;

/// <summary>The stream meter, read the way an exporter reads it, counts what was sent through a real Kafka protocol server.</summary>
public sealed class StreamMetricsTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private readonly string _topic = $"ztf_{Guid.NewGuid():N}";
    private StreamHost _host = default!;

    public async ValueTask InitializeAsync() => _host = await StreamHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_counts_match_the_messages_sent_good_corrupt_and_replayed()
    {
        const int good = 40;
        for (var i = 0; i < good; i++)
        {
            await kafka.ProduceAsync(_topic, Packets.Ztf(1_000_000_000_000_300_000 + i, $"ZTF26meter{i:00}"));
        }

        await kafka.ProduceAsync(_topic, Encoding.UTF8.GetBytes("not an Avro packet"));
        await kafka.ProduceAsync(_topic, Encoding.UTF8.GetBytes("not one either"));
        // A replay of the first alert in a new message: ingested before, nothing done again.
        await kafka.ProduceAsync(_topic, Packets.Ztf(1_000_000_000_000_300_000, "ZTF26meter00"));
        using var recorded = new MeterRecorder(_host.Services.GetRequiredService<StreamMetrics>().Meter);

        var worker = await _host.StartWorkerAsync(new StreamOptions
        {
            Name = "Metered ZTF",
            Kind = StreamKind.Kafka,
            BootstrapServers = kafka.BootstrapServers,
            GroupId = $"tomdashboard-{Guid.NewGuid():N}",
            StartFrom = StartPosition.Earliest,
            Format = PacketFormat.ZtfAvro,
            Topics = [new TopicOptions { Topic = _topic }],
        });
        await Eventually.HoldsAsync(() => Task.FromResult(_host.Health.Snapshot().Single().Messages == good + 3), "every message is handled");
        await worker.StopAsync(Cancellation);

        Assert.Equal(good, recorded.Sum(StreamMetrics.OutcomesName, ("topic", _topic), ("status", "Ingested")));
        Assert.Equal(2, recorded.Sum(StreamMetrics.OutcomesName, ("status", "Failed")));
        Assert.Equal(1, recorded.Sum(StreamMetrics.OutcomesName, ("status", "Duplicate")));
        Assert.Equal(2, recorded.Sum(StreamMetrics.DecodeFailuresName, ("topic", _topic)));
        recorded.Observe();
        Assert.Equal(good + 1, recorded.Last(StreamMetrics.HandledName, ("stream", "Metered ZTF"), ("topic", _topic)));
    }
}
