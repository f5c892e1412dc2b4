using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Streams;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams;

public abstract class MessageLogRetentionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = default!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Rows_older_than_the_retention_go_and_targets_stay()
    {
        var writer = new TargetWriter(_database.Factory, _time, NullLogger<TargetWriter>.Instance);
        var target = Assert.IsType<TargetCreated>(await writer.CreateAsync(new TargetDraft { Name = "ZTF26kept", Ra = 10, Dec = 10 }, Cancellation));
        await using (var database = await _database.Factory.CreateDbContextAsync(Cancellation))
        {
            database.AlertStreamMessages.AddRange(
                Row(1, _time.GetUtcNow().AddDays(-31), target.TargetId),
                Row(2, _time.GetUtcNow().AddDays(-29), target.TargetId),
                Row(3, _time.GetUtcNow().AddHours(-1), null));
            await database.SaveChangesAsync(Cancellation);
        }

        var retention = new MessageLogRetention(_database.Factory, Options.Create(new RetentionOptions { MessageLogDays = 30 }), _time, NullLogger<MessageLogRetention>.Instance);

        Assert.Equal(1, await retention.CleanAsync(Cancellation));

        await using var after = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal([2L, 3L], await after.AlertStreamMessages.OrderBy(message => message.Offset).Select(message => message.Offset).ToListAsync(Cancellation));
        Assert.Equal("ZTF26kept", (await after.Targets.SingleAsync(Cancellation)).Name);
        Assert.Equal(0, await retention.CleanAsync(Cancellation));
    }

    [Fact]
    public async Task Of_two_instances_on_one_database_only_the_lease_holder_cleans_until_its_lease_lapses()
    {
        MessageLogRetention Instance(string id) => new(
            _database.Factory, Options.Create(new RetentionOptions { MessageLogDays = 30, EveryHours = 6 }), _time, NullLogger<MessageLogRetention>.Instance,
            new ClusterLeases(_database.Factory, Options.Create(new ClusterOptions { InstanceId = id }), _time));
        var (a, b) = (Instance("a"), Instance("b"));

        Assert.Equal(0, await a.CleanIfLeasedAsync(Cancellation));
        Assert.Null(await b.CleanIfLeasedAsync(Cancellation));
        _time.Advance(TimeSpan.FromHours(5));
        Assert.Null(await b.CleanIfLeasedAsync(Cancellation));
        // The holder renews at its next run; the other instance still waits.
        Assert.Equal(0, await a.CleanIfLeasedAsync(Cancellation));
        _time.Advance(TimeSpan.FromHours(5));
        Assert.Null(await b.CleanIfLeasedAsync(Cancellation));

        // a is gone: once its lease lapses, b takes the job over, and a (back) waits in turn.
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await b.CleanIfLeasedAsync(Cancellation));
        Assert.Null(await a.CleanIfLeasedAsync(Cancellation));
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal("b", (await database.ClusterLeases.SingleAsync(Cancellation)).Holder);
    }

    [Fact]
    public async Task Instances_claiming_one_lease_at_once_give_it_to_one()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(index => Task.Run(() =>
            new ClusterLeases(_database.Factory, Options.Create(new ClusterOptions { InstanceId = $"i{index}" }), _time)
                .TryClaimAsync(MessageLogRetention.LeaseName, TimeSpan.FromHours(1), Cancellation))));

        Assert.Single(claims, claimed => claimed);
    }

    private static AlertStreamMessage Row(long offset, DateTimeOffset receivedAt, long? targetId) => new()
    {
        Stream = "ZTF",
        Topic = "ztf_20261101_programid1",
        Offset = offset,
        AlertId = $"{offset}",
        ReceivedAt = receivedAt,
        Status = StreamMessageStatus.Ingested,
        TargetId = targetId,
    };
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class MessageLogRetentionOnSqliteTests() : MessageLogRetentionTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MessageLogRetentionOnPostgresTests() : MessageLogRetentionTests(DatabaseProvider.Postgres);
