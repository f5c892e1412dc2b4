using System.Diagnostics.Metrics;
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

    /// <summary>Measurements of one meter instance, as an exporter would see them.</summary>
    private sealed class MeterRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = [];

        public MeterRecorder(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                // This host's meter only: other tests' hosts have meters of the same name.
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (key, tag) in tags)
                {
                    copy[key] = tag?.ToString();
                }

                lock (_measurements)
                {
                    _measurements.Add((instrument.Name, value, copy));
                }
            });
            _listener.Start();
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public long Sum(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Sum(each => each.Value);

        public long Last(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Last().Value;

        public void Dispose() => _listener.Dispose();

        private List<(string Instrument, long Value, Dictionary<string, string?> Tags)> Matching(string instrument, (string Key, string Value)[] tags)
        {
            lock (_measurements)
            {
                return [.. _measurements.Where(each => each.Instrument == instrument && tags.All(tag => each.Tags.GetValueOrDefault(tag.Key) == tag.Value))];
            }
        }
    }
}
