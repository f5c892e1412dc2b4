using Microsoft.Data.Sqlite;

namespace TomDashboard.Data;

/// <summary>
/// The one check for "another connection holds the write lock" and the one sentence pages say about it. Microsoft.Data.Sqlite
/// already waits and retries a busy database for the connection's Default Timeout (30 s unless the connection string says
/// otherwise) before this surfaces, so callers report it rather than retry again.
/// </summary>
public static class DatabaseBusy
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>The cause, for sentences that go on differently.</summary>
    public const string Reason = "The database is busy (another program is writing to it)";

    /// <summary>What a page says when a write met a busy database and changed nothing.</summary>
    public const string Message = Reason + "; nothing was lost, try again in a moment.";

    /// <summary>True when the exception, or one it wraps (DbUpdateException, InvalidOperationException...), is SQLITE_BUSY or SQLITE_LOCKED.</summary>
    public static bool Is(Exception? exception)
    {
        for (var each = exception; each is not null; each = each.InnerException)
        {
            // Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE...) keep the primary code in the low byte.
            if (each is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked)
            {
                return true;
            }
        }

        return false;
    }
}
