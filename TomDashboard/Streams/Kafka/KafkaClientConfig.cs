using Confluent.Kafka;

namespace TomDashboard.Streams.Kafka;

/// <summary>Confluent.Kafka settings from a stream's configuration, security included.</summary>
public static class KafkaClientConfig
{
    public static ConsumerConfig Consumer(StreamOptions stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var config = new ConsumerConfig
        {
            BootstrapServers = stream.BootstrapServers,
            GroupId = stream.GroupId,
            AutoOffsetReset = stream.StartFrom == StartPosition.Earliest ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest,
            // At least once: offsets are stored by hand after the database writes, then committed in the background.
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            AutoCommitIntervalMs = 1000,
            // Topics created later (ZTF makes one a night) are found at the next refresh, for names and patterns alike.
            TopicMetadataRefreshIntervalMs = DefaultMetadataRefreshIntervalMs,
            ClientId = $"tomdashboard-{stream.Name}",
            // When our queue holds the consumer back, librdkafka's own fetch queue fills and it pauses fetching for
            // fetch.queue.backoff.ms (1 s by default): a burst then drains in stop-start steps. Resume quickly instead.
            FetchQueueBackoffMs = DefaultFetchQueueBackoffMs,
        };
        ApplySecurity(config, stream.Security);
        foreach (var (name, value) in stream.Kafka)
        {
            config.Set(name, value);
        }

        // A consumer that creates the topic it waits for would make an empty one with the cluster's defaults.
        config.AllowAutoCreateTopics = false;
        return config;
    }

    /// <summary>
    /// A live reader's settings: the stream's, in a consumer group of this instance's own that starts at the newest
    /// message and commits nothing, so each instance sees every partition and the shared group's offsets stay untouched.
    /// </summary>
    public static ConsumerConfig LiveConsumer(StreamOptions stream, string instanceId)
    {
        var config = Consumer(stream);
        config.GroupId = LiveGroupId(stream, instanceId);
        config.AutoOffsetReset = AutoOffsetReset.Latest;
        config.EnableAutoCommit = false;
        config.ClientId = $"tomdashboard-{stream.Name}-live";
        return config;
    }

    public static string LiveGroupId(StreamOptions stream, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return $"{stream.GroupId}.live.{instanceId}";
    }

    public const int DefaultMetadataRefreshIntervalMs = 30_000;

    public const int DefaultFetchQueueBackoffMs = 20;

    /// <summary>How often librdkafka refreshes the cluster's topics, as configured (at least a second).</summary>
    public static TimeSpan MetadataRefreshInterval(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return TimeSpan.FromMilliseconds(Math.Max(1000, config.TopicMetadataRefreshIntervalMs ?? DefaultMetadataRefreshIntervalMs));
    }

    public static ProducerConfig Producer(string bootstrapServers, StreamSecurityOptions security)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            MessageTimeoutMs = 15_000,
            ClientId = "tomdashboard-upstream",
        };
        ApplySecurity(config, security);
        return config;
    }

    private static void ApplySecurity(ClientConfig config, StreamSecurityOptions security)
    {
        switch (security.Mode)
        {
            case StreamSecurityMode.SaslScram512:
                config.SecurityProtocol = SecurityProtocol.SaslSsl;
                config.SaslMechanism = SaslMechanism.ScramSha512;
                config.SaslUsername = security.Username;
                config.SaslPassword = security.Password;
                break;
            case StreamSecurityMode.OAuthClientCredentials:
                config.SecurityProtocol = SecurityProtocol.SaslSsl;
                config.SaslMechanism = SaslMechanism.OAuthBearer;
                config.SaslOauthbearerMethod = SaslOauthbearerMethod.Oidc;
                config.SaslOauthbearerClientId = security.ClientId;
                config.SaslOauthbearerClientSecret = security.ClientSecret;
                config.SaslOauthbearerTokenEndpointUrl = security.TokenEndpoint;
                break;
        }
    }
}
