using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Handlers;
using TomDashboard.Streams.Live;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams;

public sealed class StreamPipelineTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private StreamHost _host = default!;
    private long _offset;

    public async ValueTask InitializeAsync() => _host = await StreamHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static StreamOptions Stream(params TopicOptions[] topics) => new() { Name = "ZTF", Format = PacketFormat.ZtfAvro, Topics = [.. topics] };

    private StreamEnvelope Envelope(byte[] packet) => new()
    {
        Stream = "ZTF",
        Topic = "ztf_test",
        Offset = _offset++,
        ReceivedAt = DateTimeOffset.UtcNow,
        Value = packet,
    };

    [Fact]
    public void Picks_the_exact_rule_then_a_pattern_then_the_fallback()
    {
        using var pipeline = _host.Pipeline(Stream(
            new TopicOptions { Topic = "ztf_20261128_programid1" },
            new TopicOptions { Topic = "^ztf_.*_programid1$", Format = PacketFormat.ZtfAvro },
            new TopicOptions { Topic = "*", Format = PacketFormat.Hopskotch }));

        Assert.Equal(TopicRuleKind.Exact, pipeline.RuleFor("ztf_20261128_programid1")!.Kind);
        Assert.Equal("^ztf_.*_programid1$", pipeline.RuleFor("ztf_20261129_programid1")!.Topic);
        Assert.Equal(TopicRuleKind.Fallback, pipeline.RuleFor("sys.heartbeat")!.Kind);
        Assert.IsType<HopskotchDecoder>(pipeline.DecoderFor("sys.heartbeat", out var format));
        Assert.Equal(PacketFormat.Hopskotch, format);
        Assert.IsType<ZtfAvroDecoder>(pipeline.DecoderFor("ztf_20261129_programid1", out _));
    }

    [Fact]
    public void Conditions_are_parsed_when_the_stream_starts_and_one_that_does_not_parse_keeps_it_from_starting()
    {
        var good = _host.Pipeline(Stream(new TopicOptions
        {
            Topic = "ztf_test",
            Handlers = [new HandlerOptions { Action = HandlerAction.CreateTarget, When = "rb >= 0.65 and magpsf < 19" }],
        }));
        var handler = Assert.IsType<CreateTargetHandler>(Assert.Single(good.RuleFor("ztf_test")!.Handlers));
        Assert.Equal("rb >= 0.65 and magpsf < 19", handler.Condition!.Text);
        Assert.True(handler.Condition.Holds(new Dictionary<string, object?> { ["rb"] = 0.9, ["magpsf"] = 18.0 }, out _));

        var build = _host.Services.GetRequiredService<StreamPipelineBuilder>().Build(Stream(new TopicOptions
        {
            Topic = "ztf_test",
            Handlers = [new HandlerOptions { Action = HandlerAction.CreateTarget, When = "rb >= and (" }],
        }));

        Assert.Null(build.Pipeline);
        Assert.StartsWith("The condition \u201crb >= and (\u201d on ztf_test cannot be read", Assert.Single(build.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_adds_its_targets_to_a_list_together_and_each_log_row_says_what_its_handlers_did_in_order()
    {
        using var pipeline = _host.Pipeline(Stream(new TopicOptions
        {
            Topic = "ztf_test",
            Handlers =
            [
                new HandlerOptions { Action = HandlerAction.CreateTarget, When = "magpsf > 99" },
                new HandlerOptions { Action = HandlerAction.AddToList, List = "Tonight" },
            ],
        }));
        var processor = _host.Services.GetRequiredService<StreamMessageProcessor>();
        StreamEnvelope[] envelopes =
        [
            Envelope(Packets.Ztf(1_000_000_000_000_000_201, "ZTF26list01", 10, 10)),
            Envelope(Packets.Ztf(1_000_000_000_000_000_202, "ZTF26list02", 20, 20)),
            Envelope(Packets.Ztf(1_000_000_000_000_000_203, "ZTF26list03", 30, 30)),
        ];

        var statuses = await processor.ProcessBatchAsync(pipeline, _host.Health.Register("ZTF", StreamKind.Kafka, []), envelopes, Cancellation);

        Assert.All(statuses, status => Assert.Equal(StreamMessageStatus.Ingested, status));
        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(3, await database.Targets.CountAsync(Cancellation));
        var list = await database.TargetLists.SingleAsync(Cancellation);
        Assert.Equal("Tonight", list.Name);
        Assert.Equal(3, await database.TargetListMembers.CountAsync(member => member.TargetListId == list.Id, Cancellation));
        foreach (var row in await database.AlertStreamMessages.ToListAsync(Cancellation))
        {
            var outcome = row.Outcome!;
            var notMet = outcome.IndexOf("CreateTarget: condition \u201cmagpsf > 99\u201d not met.", StringComparison.Ordinal);
            var inList = outcome.IndexOf("In the list Tonight", StringComparison.Ordinal);
            Assert.True(notMet >= 0 && inList > notMet, outcome);
            Assert.NotNull(row.TargetId);
        }
    }

    [Fact]
    public async Task A_live_row_holds_no_packet_and_view_gets_the_packet_json_from_the_hubs_details()
    {
        using var pipeline = _host.Pipeline(Stream(new TopicOptions { Topic = "ztf_test" }));
        var hub = _host.Services.GetRequiredService<LiveAlertHub>();
        using var subscription = hub.Subscribe();

        await _host.Services.GetRequiredService<StreamMessageProcessor>()
            .ProcessAsync(pipeline, _host.Health.Register("ZTF", StreamKind.Kafka, []), Envelope(Fixtures.ZtfPacket), Cancellation);

        Assert.True(subscription.Reader.TryRead(out var row));
        Assert.Null(row.RawJsonSource);
        Assert.Contains("no longer held", row.RawJson, StringComparison.Ordinal);
        var details = hub.Details(row);
        Assert.NotNull(details?.RawJsonSource);
        using var json = System.Text.Json.JsonDocument.Parse(details.RawJsonSource());
        Assert.Equal("ZTF17aaajnnn", json.RootElement.GetProperty("objectId").GetString());
    }

    [Fact]
    public async Task Attach_photometry_looks_up_the_batchs_names_together_and_says_for_each_alert_what_it_found()
    {
        var processor = _host.Services.GetRequiredService<StreamMessageProcessor>();
        var health = _host.Health.Register("ZTF", StreamKind.Kafka, []);
        using var create = _host.Pipeline(Stream(new TopicOptions { Topic = "ztf_test", Handlers = [new HandlerOptions { Action = HandlerAction.CreateTarget }] }));
        await processor.ProcessAsync(create, health, Envelope(Packets.Ztf(1_000_000_000_000_000_301, "ZTF26attach1", 40, 40)), Cancellation);
        using var attach = _host.Pipeline(Stream(new TopicOptions { Topic = "ztf_test", Handlers = [new HandlerOptions { Action = HandlerAction.AttachPhotometry }] }));

        await processor.ProcessBatchAsync(attach, health,
            [
                Envelope(Packets.Ztf(1_000_000_000_000_000_302, "ZTF26attach1", 40, 40)),
                Envelope(Packets.Ztf(1_000_000_000_000_000_303, "ZTF26nobody", 50, 50)),
            ], Cancellation);

        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        var target = await database.Targets.SingleAsync(Cancellation);
        var rows = await database.AlertStreamMessages.Where(row => row.Offset > 0).OrderBy(row => row.Offset).ToListAsync(Cancellation);
        Assert.Matches($@"^\d+ photometry points attached to target {target.Id}\.$", rows[0].Outcome);
        Assert.Equal(target.Id, rows[0].TargetId);
        Assert.Equal("No target is named ZTF26nobody; photometry not attached.", rows[1].Outcome);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
    }
}
