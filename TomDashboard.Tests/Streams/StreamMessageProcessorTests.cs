using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams;

public abstract class StreamMessageProcessorTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private StreamHost _host = default!;
    private long _offset;

    public async ValueTask InitializeAsync() => _host = await StreamHost.StartAsync(provider);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _host.DisposeAsync();
    }

    private StreamMessageProcessor Processor => _host.Services.GetRequiredService<StreamMessageProcessor>();

    private StreamPipeline Stream(params HandlerOptions[] handlers) => _host.Pipeline(new StreamOptions
    {
        Name = "ZTF",
        Format = PacketFormat.ZtfAvro,
        Topics = [new TopicOptions { Topic = "ztf_test", Handlers = [.. handlers] }],
    });

    private StreamEnvelope Envelope(byte[] packet) => new()
    {
        Stream = "ZTF",
        Topic = "ztf_test",
        Offset = _offset++,
        ReceivedAt = DateTimeOffset.UtcNow,
        Value = packet,
    };

    private StreamHealth Health() => _host.Health.Register("ZTF", StreamKind.Kafka, []);

    [Fact]
    public async Task A_packet_with_a_broken_embedded_schema_is_logged_failed_with_the_reason()
    {
        var packet = Decoders.ZtfAvroDecoderBrokenSchemaTests.WithSchemaText("\"type\": \"record\"", "\"type\": \"recxrd\"");

        var status = await Processor.ProcessAsync(Stream(), Health(), Envelope(packet), Cancellation);

        Assert.Equal(StreamMessageStatus.Failed, status);
        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        var logged = await database.AlertStreamMessages.SingleAsync(Cancellation);
        Assert.StartsWith("The message is an Avro container, but its Avro schema cannot be parsed: ", logged.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Object reference", logged.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_photometry_extends_an_existing_target_matched_by_alias()
    {
        var writer = _host.Services.GetRequiredService<TargetWriter>();
        var existing = Assert.IsType<TargetCreated>(await writer.CreateAsync(new TargetDraft { Name = "SN 2017abc", Ra = 1, Dec = 1, Aliases = ["ZTF17aaajnnn"] }, Cancellation));

        var status = await Processor.ProcessAsync(Stream(new HandlerOptions { Action = HandlerAction.AttachPhotometry }), Health(), Envelope(Fixtures.ZtfPacket), Cancellation);

        Assert.Equal(StreamMessageStatus.Ingested, status);
        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(12, await database.Photometry.CountAsync(point => point.TargetId == existing.TargetId, Cancellation));
        var logged = await database.AlertStreamMessages.SingleAsync(Cancellation);
        Assert.Equal(existing.TargetId, logged.TargetId);
        Assert.Contains("12 photometry points attached", logged.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_photometry_without_a_matching_target_says_so_and_creates_nothing()
    {
        await Processor.ProcessAsync(Stream(new HandlerOptions { Action = HandlerAction.AttachPhotometry }), Health(), Envelope(Fixtures.ZtfPacket), Cancellation);

        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(0, await database.Targets.CountAsync(Cancellation));
        Assert.Contains("No target is named ZTF17aaajnnn", (await database.AlertStreamMessages.SingleAsync(Cancellation)).Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_alert_of_a_known_object_extends_its_light_curve_instead_of_failing()
    {
        var handler = new HandlerOptions { Action = HandlerAction.CreateTarget };
        await Processor.ProcessAsync(Stream(handler), Health(), Envelope(Packets.Ztf(1_000_000_000_000_000_100, "ZTF26again")), Cancellation);
        await Processor.ProcessAsync(Stream(handler), Health(), Envelope(Packets.Ztf(1_000_000_000_000_000_101, "ZTF26again")), Cancellation);

        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
        var log = await database.AlertStreamMessages.OrderBy(message => message.Offset).ToListAsync(Cancellation);
        Assert.All(log, message => Assert.Equal(StreamMessageStatus.Ingested, message.Status));
        Assert.Contains("ZTF26again merged into ZTF26again", log[1].Outcome, StringComparison.Ordinal);
        Assert.Equal(log[0].TargetId, log[1].TargetId);
    }

    [Fact]
    public async Task A_redelivered_message_is_not_processed_twice()
    {
        var envelope = Envelope(Fixtures.ZtfPacket);
        var stream = Stream(new HandlerOptions { Action = HandlerAction.CreateTarget });

        Assert.Equal(StreamMessageStatus.Ingested, await Processor.ProcessAsync(stream, Health(), envelope, Cancellation));
        Assert.Equal(StreamMessageStatus.Duplicate, await Processor.ProcessAsync(stream, Health(), envelope, Cancellation));

        await using var database = await _host.Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.AlertStreamMessages.CountAsync(Cancellation));
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class StreamMessageProcessorOnSqliteTests() : StreamMessageProcessorTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class StreamMessageProcessorOnPostgresTests() : StreamMessageProcessorTests(DatabaseProvider.Postgres);
