using Microsoft.Data.Sqlite;
using Npgsql;

namespace TomDashboard.Data;

/// <summary>
/// The one check for "another connection holds the write lock" and the one sentence pages say about it. Microsoft.Data.Sqlite
/// already waits and retries a busy database for the connection's Default Timeout (30 s unless the connection string says
/// otherwise) before this surfaces, so callers report it rather than retry again. On PostgreSQL the same sentence
/// covers a lock that was not granted in time, a deadlock or serialization failure that lost, and a server out of
/// connections: each changed nothing and may be tried again.
/// </summary>
public static class DatabaseBusy
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    private static readonly HashSet<string> PostgresBusy =
    [
        PostgresErrorCodes.LockNotAvailable,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.TooManyConnections,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.QueryCanceled,
    ];

    /// <summary>The cause, for sentences that go on differently.</summary>
    public const string Reason = "The database is busy (another program is writing to it)";

    /// <summary>What a page says when a write met a busy database and changed nothing.</summary>
    public const string Message = Reason + "; nothing was lost, try again in a moment.";

    /// <summary>True when the exception, or one it wraps (DbUpdateException, InvalidOperationException...), is SQLITE_BUSY or SQLITE_LOCKED, or PostgreSQL's equivalents.</summary>
    public static bool Is(Exception? exception)
    {
        for (var each = exception; each is not null; each = each.InnerException)
        {
            // Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE...) keep the primary code in the low byte.
            if (each is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked)
            {
                return true;
            }

            if (each is PostgresException postgres && PostgresBusy.Contains(postgres.SqlState))
            {
                return true;
            }
        }

        return false;
    }
}
