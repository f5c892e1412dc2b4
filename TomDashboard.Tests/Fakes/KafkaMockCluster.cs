using Confluent.Kafka;

namespace TomDashboard.Tests.Fakes;

/// <summary>
/// librdkafka's built-in mock cluster: a real Kafka protocol server that lives as long as this object.
/// Its bootstrap address serves any producer or consumer, as a real cluster would.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _owner;

    public KafkaMockCluster()
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", "1");
        _owner = new ProducerBuilder<byte[]?, byte[]?>(config).Build();
        using var admin = new DependentAdminClientBuilder(_owner.Handle).Build();
        var broker = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.First();
        BootstrapServers = $"{broker.Host}:{broker.Port}";
    }

    public string BootstrapServers { get; }

    public async Task ProduceAsync(string topic, byte[] value, IReadOnlyDictionary<string, byte[]>? headers = null, byte[]? key = null)
    {
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = [] };
        foreach (var (name, header) in headers ?? new Dictionary<string, byte[]>())
        {
            message.Headers.Add(name, header);
        }

        // One partition per topic keeps the order the tests produce in.
        await _owner.ProduceAsync(new TopicPartition(topic, new Partition(0)), message, TestContext.Current.CancellationToken);
    }

    public void Dispose() => _owner.Dispose();
}
