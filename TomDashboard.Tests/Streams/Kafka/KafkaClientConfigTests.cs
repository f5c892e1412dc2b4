using TomDashboard.Streams;
using TomDashboard.Streams.Kafka;

namespace TomDashboard.Tests.Streams.Kafka;

public sealed class KafkaClientConfigTests
{
    private static StreamOptions Stream() => new()
    {
        Name = "ZTF",
        BootstrapServers = "localhost:9092",
        GroupId = "tomdashboard",
        Topics = [new TopicOptions { Topic = "^ztf_[0-9]+_programid1$" }],
    };

    [Fact]
    public void New_topics_are_looked_for_every_30_seconds_unless_the_stream_says_otherwise()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), KafkaClientConfig.MetadataRefreshInterval(KafkaClientConfig.Consumer(Stream())));

        var stream = Stream();
        stream.Kafka["topic.metadata.refresh.interval.ms"] = "5000";
        var config = KafkaClientConfig.Consumer(stream);
        Assert.Equal(5000, config.TopicMetadataRefreshIntervalMs);
        Assert.Equal(TimeSpan.FromSeconds(5), KafkaClientConfig.MetadataRefreshInterval(config));
    }

    [Fact]
    public void A_consumer_never_creates_the_topic_it_waits_for()
    {
        var stream = Stream();
        stream.Kafka["allow.auto.create.topics"] = "true";
        Assert.False(KafkaClientConfig.Consumer(stream).AllowAutoCreateTopics);
        Assert.False(KafkaClientConfig.Consumer(Stream()).AllowAutoCreateTopics);
    }

    [Fact]
    public void A_consumer_held_back_by_the_writer_resumes_fetching_quickly_unless_the_stream_says_otherwise()
    {
        Assert.Equal(20, KafkaClientConfig.Consumer(Stream()).FetchQueueBackoffMs);

        var stream = Stream();
        stream.Kafka["fetch.queue.backoff.ms"] = "500";
        Assert.Equal(500, KafkaClientConfig.Consumer(stream).FetchQueueBackoffMs);
    }
}
