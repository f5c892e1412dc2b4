using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TomDashboard.Data;

namespace TomDashboard.Tests.Fakes;

/// <summary>
/// Another program holding the test database's write lock (BEGIN EXCLUSIVE on its own connection) until released. The
/// file is switched to WAL first, as the app does at start-up, so readers go on and only writers meet the lock.
/// </summary>
public sealed class DatabaseLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private DatabaseLock(SqliteConnection connection) => _connection = connection;

    public bool IsHeld { get; private set; }

    public static async Task<DatabaseLock> TakeAsync(TestDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = new SqliteConnection($"{database.ConnectionString};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(connection, "BEGIN EXCLUSIVE;", cancellationToken);
        return new DatabaseLock(connection) { IsHeld = true };
    }

    /// <summary>A factory like the app's, whose writers give up on a busy database after a second instead of thirty.</summary>
    public static IDbContextFactory<TomDbContext> ImpatientFactory(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new Factory(new DbContextOptionsBuilder<TomDbContext>().UseSqlite($"{database.ConnectionString};Default Timeout=1").Options);
    }

    public async Task ReleaseAsync()
    {
        if (IsHeld)
        {
            IsHeld = false;
            await ExecuteAsync(_connection, "ROLLBACK;", CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Factory(DbContextOptions<TomDbContext> options) : IDbContextFactory<TomDbContext>
    {
        public TomDbContext CreateDbContext() => new(options);
    }
}
