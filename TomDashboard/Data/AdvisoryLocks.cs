using Microsoft.EntityFrameworkCore;

namespace TomDashboard.Data;

/// <summary>What an advisory lock guards: the high 32 bits of its key, so that two uses never share a key.</summary>
public enum AdvisoryLockSpace : long
{
    SkyZone = 1,
    TargetName = 2,
    FirstAdministrator = 3,
}

/// <summary>
/// PostgreSQL's transaction-scoped advisory locks, for writers on several instances that must take turns: each waits
/// for the keys, held until the caller's transaction ends. On SQLite the writing transaction already holds the
/// file's lock (and one file serves one instance), so there this does nothing.
/// </summary>
public static class AdvisoryLocks
{
    public static long Key(AdvisoryLockSpace space, uint value) => ((long)space << 32) | value;

    public static async Task TakeAsync(TomDbContext database, IEnumerable<long> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (!database.Database.IsNpgsql())
        {
            return;
        }

        // In ascending order, whoever asks: two writers never wait on each other in a circle.
        long[] sorted = [.. keys.Distinct().Order()];
        if (sorted.Length == 0)
        {
            return;
        }

        if (database.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An advisory lock is held until the transaction ends: begin one first.");
        }

        await database.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(k) FROM unnest({sorted}) AS k ORDER BY k", cancellationToken);
    }
}
