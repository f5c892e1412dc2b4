using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TomDashboard.Data;
using TomDashboard.Queries;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Data;

public sealed class DatabaseBusyTests
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_against_a_held_lock_is_busy_bare_or_wrapped_and_other_errors_are_not()
    {
        await using var database = await TestDatabase.CreateAsync();
        var factory = DatabaseLock.ImpatientFactory(database);
        SqliteException busy;
        await using (var held = await DatabaseLock.TakeAsync(database, Cancellation))
        {
            await using var context = await factory.CreateDbContextAsync(Cancellation);
            context.BrokerQueries.Add(new BrokerQuery { Name = "Blocked", Broker = "Nope", ParametersJson = "{}", Created = DateTimeOffset.UnixEpoch, Modified = DateTimeOffset.UnixEpoch });
            var thrown = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(Cancellation));
            busy = Assert.IsType<SqliteException>(thrown.InnerException);
            Assert.True(DatabaseBusy.Is(thrown));
        }

        Assert.True(DatabaseBusy.Is(busy));
        Assert.True(DatabaseBusy.Is(new InvalidOperationException("wrapped", busy)));
        Assert.True(DatabaseBusy.Is(new SqliteException("locked", 6)));
        Assert.False(DatabaseBusy.Is(new SqliteException("constraint failed", 19)));
        Assert.False(DatabaseBusy.Is(new DbUpdateException("no inner")));
        Assert.False(DatabaseBusy.Is(null));
    }
}
