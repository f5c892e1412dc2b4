using TomDashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
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
