using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TomDashboard.Streams;
using TomDashboard.Streams.Upstream;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams.Kafka;

public sealed class UpstreamPublisherTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private TestDatabase _database = default!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private UpstreamPublisher Publisher(string? topic) => new(
        Options.Create(new UpstreamOptions { BootstrapServers = kafka.BootstrapServers, Topic = topic }),
        _database.Factory, TimeProvider.System, NullLogger<UpstreamPublisher>.Instance);

    [Fact]
    public async Task Publishes_the_target_as_hopskotch_json_and_logs_it()
    {
        var topic = $"tomtoolkit.test.{Guid.NewGuid():N}";
        using var publisher = Publisher(topic);
        var target = new Target { Id = 42, Name = "AT 2026abc", Ra = 150.5, Dec = -30.25, Names = [new TargetName { Name = "ZTF26abcdefg", Kind = TargetNameKind.Alias }] };

        var result = await publisher.PublishAsync(target, "Bright, rising; spectrum tonight?", Cancellation);

        Assert.True(result.Succeeded, result.Message);
        Assert.StartsWith($"Published AT 2026abc to {topic}", result.Message, StringComparison.Ordinal);
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        ConsumeResult<Ignore, byte[]>? message = null;
        await Eventually.HoldsAsync(() => Task.FromResult((message = consumer.Consume(TimeSpan.FromMilliseconds(500))) is not null), "the published message can be consumed");
        consumer.Close();

        Assert.Equal("json", Encoding.UTF8.GetString(message!.Message.Headers.GetLastBytes("_format")));
        Assert.Equal(16, message.Message.Headers.GetLastBytes("_id").Length);
        using var json = JsonDocument.Parse(message.Message.Value);
        Assert.Equal("AT 2026abc", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(150.5, json.RootElement.GetProperty("ra").GetDouble());
        Assert.Equal(-30.25, json.RootElement.GetProperty("dec").GetDouble());
        Assert.Equal("Bright, rising; spectrum tonight?", json.RootElement.GetProperty("note").GetString());
        Assert.Equal("ZTF26abcdefg", json.RootElement.GetProperty("aliases")[0].GetString());

        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        var logged = await database.AlertStreamMessages.SingleAsync(Cancellation);
        Assert.Equal((StreamMessageStatus.Published, topic, 42L), (logged.Status, logged.Topic, logged.TargetId!.Value));
    }

    [Fact]
    public async Task Without_configuration_it_says_what_to_set()
    {
        using var publisher = Publisher(topic: null);
        var result = await publisher.PublishAsync(new Target { Name = "X" }, null, Cancellation);
        Assert.False(result.Succeeded);
        Assert.Equal("Submitting upstream is not configured: set Upstream:BootstrapServers and Upstream:Topic.", result.Message);
    }
}
