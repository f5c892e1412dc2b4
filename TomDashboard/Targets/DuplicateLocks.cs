using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>
/// Serialises writers that could create the same object. On SQLite the writer's transaction already holds the
/// database's write lock. On PostgreSQL several instances write at once under read committed, so before its duplicate
/// check a writer takes a transaction-scoped advisory lock on every sky zone its duplicate cone touches and on every
/// simplified name it brings: two creations of one object share a zone (each cone holds the other's position) or a
/// name, so the second waits, then finds the first.
/// </summary>
internal static class DuplicateLocks
{
    public static async Task TakeAsync(TomDbContext database, IEnumerable<TargetDraft> drafts, double radiusArcsec, CancellationToken cancellationToken)
    {
        if (!database.Database.IsNpgsql())
        {
            return;
        }

        var keys = new List<long>();
        foreach (var draft in drafts)
        {
            if (draft.Ra is { } ra && draft.Dec is { } dec && double.IsFinite(ra) && double.IsFinite(dec))
            {
                foreach (var zone in SkyZones.Cone(ra, dec, radiusArcsec / SkyPosition.ArcsecondsPerDegree).Zones)
                {
                    keys.Add(AdvisoryLocks.Key(AdvisoryLockSpace.SkyZone, (uint)zone));
                }
            }

            foreach (var name in (draft.Aliases ?? []).Prepend(draft.Name ?? ""))
            {
                if (!string.IsNullOrWhiteSpace(name))
                {
                    keys.Add(AdvisoryLocks.Key(AdvisoryLockSpace.TargetName, NameKey(TargetNameRules.Simplify(name.Trim()))));
                }
            }
        }

        await AdvisoryLocks.TakeAsync(database, keys, cancellationToken);
    }

    /// <summary>A name's 32-bit FNV-1a hash: stable across processes, unlike string.GetHashCode.</summary>
    private static uint NameKey(string simplified)
    {
        var hash = 2166136261u;
        foreach (var character in simplified)
        {
            hash = (hash ^ character) * 16777619u;
        }

        return hash;
    }
}
