using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams.Kafka;

/// <summary>Streams against librdkafka's mock cluster: a real Kafka protocol server.</summary>
public sealed class KafkaStreamTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private readonly string _topic = $"ztf_{Guid.NewGuid():N}";
    private StreamHost _host = default!;

    public async ValueTask InitializeAsync() => _host = await StreamHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private StreamOptions Stream(params TopicOptions[] topics) => new()
    {
        Name = "Test ZTF",
        Kind = StreamKind.Kafka,
        BootstrapServers = kafka.BootstrapServers,
        GroupId = $"tomdashboard-{Guid.NewGuid():N}",
        StartFrom = StartPosition.Earliest,
        Format = PacketFormat.ZtfAvro,
        Topics = topics.Length > 0 ? [.. topics] : [new TopicOptions { Topic = _topic }],
        // The mock cluster lets a restarted member in only after the old one's session times out.
        Kafka = { ["session.timeout.ms"] = "6000", ["heartbeat.interval.ms"] = "500" },
    };

    private async Task<List<AlertStreamMessage>> LogAsync()
    {
        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        return await database.AlertStreamMessages.AsNoTracking().OrderBy(message => message.Offset).ToListAsync(Cancellation);
    }

    private async Task WaitForLogAsync(int count) =>
        await Eventually.HoldsAsync(async () => (await LogAsync()).Count >= count, $"{count} messages are logged");

    [Fact]
    public async Task The_ztf_fixture_packet_arrives_decoded_with_photometry_and_cutouts_and_creates_a_target()
    {
        using var live = _host.Hub.Subscribe();
        await kafka.ProduceAsync(_topic, Fixtures.ZtfPacket);
        var worker = await _host.StartWorkerAsync(Stream(new TopicOptions
        {
            Topic = _topic,
            Handlers = [new HandlerOptions { Action = HandlerAction.CreateTarget, When = "rb >= 0.1 and magpsf < 25" }],
        }));

        await WaitForLogAsync(1);
        await worker.StopAsync(Cancellation);

        var message = Assert.Single(await LogAsync());
        Assert.Equal((StreamMessageStatus.Ingested, "472263571115115000", _topic, 0L), (message.Status, message.AlertId, message.Topic, message.Offset));
        Assert.NotNull(message.TargetId);
        Assert.True(live.Reader.TryRead(out var shown));
        Assert.Equal(("ZTF17aaajnnn", "Test ZTF", _topic), (shown!.Name, shown.Source, shown.Topic));
        var details = _host.Hub.Details(shown);
        Assert.Equal(12, details!.Photometry.Count);
        Assert.NotNull(details.Cutouts!.Difference);

        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        var target = await database.Targets.Include(each => each.Photometry).SingleAsync(Cancellation);
        Assert.Equal("ZTF17aaajnnn", target.Name);
        Assert.Equal(12, target.Photometry.Count);
        Assert.Equal(11, target.Photometry.Count(point => point.Limit is not null));
        Assert.Equal(3, await database.TargetCutouts.CountAsync(cutout => cutout.TargetId == target.Id && cutout.SourceAlertId == "472263571115115000", Cancellation));
    }

    [Fact]
    public async Task A_condition_that_does_not_hold_creates_nothing_and_says_so()
    {
        await kafka.ProduceAsync(_topic, Fixtures.ZtfPacket);
        var worker = await _host.StartWorkerAsync(Stream(new TopicOptions
        {
            Topic = _topic,
            Handlers = [new HandlerOptions { Action = HandlerAction.CreateTarget, When = "magpsf < 5" }],
        }));

        await WaitForLogAsync(1);
        await worker.StopAsync(Cancellation);

        var message = Assert.Single(await LogAsync());
        Assert.Equal(StreamMessageStatus.Ingested, message.Status);
        Assert.Null(message.TargetId);
        Assert.Contains("condition \u201cmagpsf < 5\u201d not met", message.Outcome, StringComparison.Ordinal);
        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(0, await database.Targets.CountAsync(Cancellation));
    }

    [Fact]
    public async Task A_corrupt_message_is_logged_as_failed_and_the_next_one_is_still_processed()
    {
        await kafka.ProduceAsync(_topic, Encoding.UTF8.GetBytes("this is not an Avro packet"));
        await kafka.ProduceAsync(_topic, Packets.Ztf(1_000_000_000_000_000_001, "ZTF26aaaaaaa"));
        var worker = await _host.StartWorkerAsync(Stream());

        await WaitForLogAsync(2);
        await worker.StopAsync(Cancellation);

        var log = await LogAsync();
        Assert.Equal(StreamMessageStatus.Failed, log[0].Status);
        Assert.Contains("not an Avro container", log[0].Error, StringComparison.Ordinal);
        Assert.Equal((StreamMessageStatus.Ingested, "1000000000000000001"), (log[1].Status, log[1].AlertId));
        var health = Assert.Single(_host.Health.Snapshot());
        Assert.Equal((2L, 1L), (health.Messages, health.Failed));
    }

    [Fact]
    public async Task Replaying_a_topic_duplicates_nothing()
    {
        await kafka.ProduceAsync(_topic, Packets.Ztf(1_000_000_000_000_000_010, "ZTF26bbbbbbb"));
        await kafka.ProduceAsync(_topic, Packets.Ztf(1_000_000_000_000_000_010, "ZTF26bbbbbbb"));
        var rule = new TopicOptions { Topic = _topic, Handlers = [new HandlerOptions { Action = HandlerAction.AddToList }] };
        var first = await _host.StartWorkerAsync(Stream(rule));
        await WaitForLogAsync(2);
        await first.StopAsync(Cancellation);

        // A new consumer group reads the whole topic again from the start.
        var replay = await _host.StartWorkerAsync(Stream(rule));
        await Eventually.HoldsAsync(() => Task.FromResult(replay.Processed >= 2), "the replay has read both messages");
        await replay.StopAsync(Cancellation);

        var log = await LogAsync();
        Assert.Equal([StreamMessageStatus.Ingested, StreamMessageStatus.Duplicate], log.Select(message => message.Status));
        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
        Assert.Equal(1, await database.TargetListMembers.CountAsync(Cancellation));
        Assert.Equal(_topic, (await database.TargetLists.SingleAsync(Cancellation)).Name);
    }

    [Fact]
    public async Task Restarting_the_consumer_mid_stream_loses_nothing_and_repeats_nothing()
    {
        const int count = 12;
        for (var i = 0; i < count; i++)
        {
            await kafka.ProduceAsync(_topic, Packets.Ztf(1_000_000_000_000_001_000 + i, $"ZTF26restart{i:00}"));
        }

        var stream = Stream();
        var first = await _host.StartWorkerAsync(stream);
        await WaitForLogAsync(3);
        await first.StopAsync(Cancellation);

        var second = await _host.StartWorkerAsync(stream);
        await WaitForLogAsync(count);
        await Eventually.HoldsAsync(async () => (await LogAsync()).Count(message => message.Status == StreamMessageStatus.Ingested) == count, "every alert is ingested");
        await second.StopAsync(Cancellation);

        var ingested = (await LogAsync()).Where(message => message.Status == StreamMessageStatus.Ingested).Select(message => message.AlertId).ToList();
        Assert.Equal(count, ingested.Count);
        Assert.Equal(count, ingested.Distinct().Count());
    }

    [Fact]
    public async Task A_batch_written_but_never_committed_is_read_again_and_duplicates_nothing()
    {
        const int count = 10;
        for (var i = 0; i < count; i++)
        {
            await kafka.ProduceAsync(_topic, Packets.Ztf(1_000_000_000_000_002_000 + i, $"ZTF26crash{i:00}"));
        }

        var rule = new TopicOptions { Topic = _topic, Handlers = [new HandlerOptions { Action = HandlerAction.CreateTarget }] };
        var stream = Stream(rule);
        // The first worker writes every batch but never commits an offset: what a crash right after the write leaves.
        var crashing = Stream(rule);
        crashing.GroupId = stream.GroupId;
        crashing.Kafka["enable.auto.commit"] = "false";
        var first = await _host.StartWorkerAsync(crashing);
        await WaitForLogAsync(count);
        await first.StopAsync(Cancellation);
        var before = await TargetsAndPhotometryAsync();

        var second = await _host.StartWorkerAsync(stream);
        await Eventually.HoldsAsync(() => Task.FromResult(second.Processed >= count), "the group reads every message again");
        await second.StopAsync(Cancellation);

        var log = await LogAsync();
        Assert.Equal(count, log.Count);
        Assert.All(log, message => Assert.Equal(StreamMessageStatus.Ingested, message.Status));
        // The fixture's packets share one position, so they are one object: one target, the same after the second read.
        Assert.Equal((1, before.Photometry), before);
        Assert.Equal(before, await TargetsAndPhotometryAsync());
    }

    private async Task<(int Targets, int Photometry)> TargetsAndPhotometryAsync()
    {
        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        return (await database.Targets.CountAsync(Cancellation), await database.Photometry.CountAsync(Cancellation));
    }

    [Fact]
    public async Task A_rubin_wire_format_message_is_decoded_with_the_schema_from_the_registry()
    {
        var schema = Packets.RubinSchema();
        await using var registry = await LocalHttpServer.StartAsync(context =>
        {
            if (!context.Request.Path.StartsWithSegments("/schemas/ids/1100"))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return context.Response.WriteAsync("{\"error_code\":40403,\"message\":\"Schema not found\"}", Cancellation);
            }

            context.Response.ContentType = "application/vnd.schemaregistry.v1+json";
            return context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { schema }), Cancellation);
        });
        var topic = $"lsst-alerts-v11-{Guid.NewGuid():N}";
        await kafka.ProduceAsync(topic, Packets.RubinWire());
        await kafka.ProduceAsync(topic, Packets.RubinWire(change: packet => packet.Add("diaSourceId", 3_068_394_670_028_488_709L)));
        using var live = _host.Hub.Subscribe();
        var stream = Stream(new TopicOptions { Topic = topic });
        stream.Format = PacketFormat.RubinAvro;
        stream.SchemaRegistryUrl = registry.Address.ToString();

        var worker = await _host.StartWorkerAsync(stream);
        await WaitForLogAsync(2);
        await worker.StopAsync(Cancellation);

        Assert.All(await LogAsync(), message => Assert.Equal(StreamMessageStatus.Ingested, message.Status));
        Assert.True(live.Reader.TryRead(out var first));
        Assert.True(live.Reader.TryRead(out var second));
        Assert.Equal("1231321321", first!.Id);
        Assert.Equal("3068394670028488709", second!.Id);
        Assert.NotNull(first.Timestamp);
        Assert.Contains(registry.Requests, request => request.PathAndQuery.StartsWith("/schemas/ids/1100", StringComparison.Ordinal));
        Assert.Single(registry.Requests, request => request.PathAndQuery.StartsWith("/schemas/ids/1100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_topic_no_rule_covers_is_shown_and_logged_with_the_reason()
    {
        var other = $"ztf_other_{Guid.NewGuid():N}";
        await kafka.ProduceAsync(other, Fixtures.ZtfPacket);
        var stream = Stream(new TopicOptions { Topic = $"^{other}$" });
        stream.Topics.Add(new TopicOptions { Topic = "*", Handlers = [new HandlerOptions { Action = HandlerAction.ShowOnly }] });

        var worker = await _host.StartWorkerAsync(stream);
        await WaitForLogAsync(1);
        await worker.StopAsync(Cancellation);

        var message = Assert.Single(await LogAsync());
        Assert.Equal((StreamMessageStatus.Ingested, other), (message.Status, message.Topic));
    }

    [Fact]
    public async Task Json_messages_are_decoded_by_their_topic_format()
    {
        var lasair = $"lasair_2SN-likecandidates_{Guid.NewGuid():N}";
        var hop = $"tomtoolkit.test.{Guid.NewGuid():N}";
        await kafka.ProduceAsync(lasair, Encoding.UTF8.GetBytes(
            "{\"diaObjectId\": 3068394670028488708, \"ra\": 150.1234, \"decl\": -2.5, \"UTC\": \"2026-11-28 01:02:03\"}"));
        await kafka.ProduceAsync(hop, Encoding.UTF8.GetBytes("{\"name\": \"AT 2026abc\", \"ra\": \"10:00:00\", \"dec\": \"-30:00:00\"}"),
            new Dictionary<string, byte[]> { ["_format"] = Encoding.UTF8.GetBytes("json") });
        using var live = _host.Hub.Subscribe();
        var stream = Stream(
            new TopicOptions { Topic = lasair, Format = PacketFormat.LasairJson, Handlers = [new HandlerOptions { Action = HandlerAction.CreateTarget, When = "decl < 0" }] },
            new TopicOptions { Topic = hop, Format = PacketFormat.Hopskotch });

        var worker = await _host.StartWorkerAsync(stream);
        await WaitForLogAsync(2);
        await worker.StopAsync(Cancellation);

        Assert.All(await LogAsync(), message => Assert.Equal(StreamMessageStatus.Ingested, message.Status));
        var shown = new List<GenericAlert>();
        while (live.Reader.TryRead(out var alert))
        {
            shown.Add(alert);
        }

        var fromLasair = Assert.Single(shown, alert => alert.Topic == lasair);
        Assert.Equal(("3068394670028488708", 150.1234, -2.5), (fromLasair.Name, fromLasair.Ra!.Value, fromLasair.Dec!.Value));
        var fromHop = Assert.Single(shown, alert => alert.Topic == hop);
        Assert.Equal(("AT 2026abc", 150.0, -30.0), (fromHop.Name, fromHop.Ra!.Value, fromHop.Dec!.Value));
        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal("3068394670028488708", (await database.Targets.SingleAsync(Cancellation)).Name);
    }

    /// <summary>A stream that looks for new topics every second, so a test sees one created later.</summary>
    private StreamOptions QuicklyRefreshed(params TopicOptions[] topics)
    {
        var stream = Stream(topics);
        stream.Kafka["topic.metadata.refresh.interval.ms"] = "1000";
        return stream;
    }

    private StreamHealthSnapshot HealthOf(List<StreamState> seen)
    {
        var health = Assert.Single(_host.Health.Snapshot());
        seen.Add(health.State);
        return health;
    }

    private async Task<TimeSpan> PickedUpAfterAsync(string topic, int logged)
    {
        var produced = System.Diagnostics.Stopwatch.StartNew();
        await kafka.ProduceAsync(topic, Packets.Ztf(1_000_000_000_000_002_000 + logged, $"ZTF26later{logged:00}"));
        await WaitForLogAsync(logged);
        TestContext.Current.TestOutputHelper?.WriteLine($"{topic} was picked up {produced.Elapsed.TotalSeconds:0.0} s after its first message.");
        return produced.Elapsed;
    }

    [Fact]
    public async Task A_missing_topic_waits_while_the_others_flow_and_is_picked_up_when_it_is_created()
    {
        var missing = $"ztf_tomorrow_{Guid.NewGuid():N}";
        await kafka.ProduceAsync(_topic, Fixtures.ZtfPacket);
        var seen = new List<StreamState>();
        var worker = await _host.StartWorkerAsync(QuicklyRefreshed(new TopicOptions { Topic = _topic }, new TopicOptions { Topic = missing }));

        await WaitForLogAsync(1);
        await Eventually.HoldsAsync(() => Task.FromResult(HealthOf(seen).Topics.Any(topic => topic.Topic == missing && topic.WaitingForTopic)), $"{missing} is waiting");
        var waiting = HealthOf(seen);
        TestContext.Current.TestOutputHelper?.WriteLine($"While waiting: {waiting.State}, last error: {waiting.LastError}");
        Assert.False(Assert.Single(waiting.Topics, topic => topic.Topic == _topic).WaitingForTopic);
        Assert.Equal(StreamMessageStatus.Ingested, Assert.Single(await LogAsync()).Status);

        var pickedUp = await PickedUpAfterAsync(missing, 2);
        await Eventually.HoldsAsync(() => Task.FromResult(HealthOf(seen).Topics.Single(topic => topic.Topic == missing) is { WaitingForTopic: false, Messages: 1 }), $"{missing} is no longer waiting");
        var health = HealthOf(seen);
        await worker.StopAsync(Cancellation);

        Assert.Equal([StreamMessageStatus.Ingested, StreamMessageStatus.Ingested], (await LogAsync()).Select(message => message.Status));
        Assert.Equal(0, health.Rebuilds);
        Assert.DoesNotContain(StreamState.Failing, seen);
        Assert.InRange(pickedUp, TimeSpan.Zero, TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task A_pattern_that_matches_nothing_yet_waits_while_the_others_flow_and_picks_up_a_later_topic()
    {
        var night = Guid.NewGuid().ToString("N");
        var pattern = $"^ztf_later_{night}_[0-9]+$";
        await kafka.ProduceAsync(_topic, Fixtures.ZtfPacket);
        var seen = new List<StreamState>();
        var worker = await _host.StartWorkerAsync(QuicklyRefreshed(new TopicOptions { Topic = _topic }, new TopicOptions { Topic = pattern }));

        await WaitForLogAsync(1);
        await Eventually.HoldsAsync(() => Task.FromResult(HealthOf(seen).Topics.Any(topic => topic.Topic == pattern && topic.WaitingForTopic)), $"{pattern} is waiting");

        var later = $"ztf_later_{night}_20261202";
        var pickedUp = await PickedUpAfterAsync(later, 2);
        await Eventually.HoldsAsync(() => Task.FromResult(HealthOf(seen).Topics.All(topic => !topic.WaitingForTopic)), $"{pattern} is no longer waiting");
        var health = HealthOf(seen);
        await worker.StopAsync(Cancellation);

        var log = await LogAsync();
        Assert.Equal(new[] { _topic, later }.Order(StringComparer.Ordinal), log.Select(message => message.Topic).Order(StringComparer.Ordinal));
        Assert.All(log, message => Assert.Equal(StreamMessageStatus.Ingested, message.Status));
        // The pattern's waiting entry is gone; each topic has its own.
        Assert.Equal(new[] { _topic, later }.Order(StringComparer.Ordinal), health.Topics.Select(topic => topic.Topic));
        Assert.Equal(0, health.Rebuilds);
        Assert.DoesNotContain(StreamState.Failing, seen);
        Assert.InRange(pickedUp, TimeSpan.Zero, TimeSpan.FromSeconds(12));
    }
}
