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

    /// <summary>The mock makes every topic on first use with this many partitions (it has no CreateTopics).</summary>
    public const int PartitionsPerTopic = 4;

    /// <summary>Into one chosen partition, without waiting for each acknowledgement; <see cref="FlushAsync"/> waits for them all.</summary>
    public void Produce(string topic, int partition, byte[] value) =>
        _owner.Produce(new TopicPartition(topic, new Partition(partition)), new Message<byte[]?, byte[]?> { Value = value }, report =>
        {
            if (report.Error.IsError)
            {
                throw new KafkaException(report.Error);
            }
        });

    public Task FlushAsync() => Task.Run(() => _owner.Flush(TimeSpan.FromSeconds(30)));

    public void Dispose() => _owner.Dispose();
}
