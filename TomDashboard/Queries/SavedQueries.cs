using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Data;

namespace TomDashboard.Queries;

/// <summary>
/// Saving, listing and deleting broker queries; each call is one short-lived context. A query belongs to whoever saved
/// it: they change and delete it, and the groups they share it with read and run it. Queries from before accounts
/// (no owner) are the whole team's.
/// </summary>
public sealed class SavedQueries(IDbContextFactory<TomDbContext> databases, TimeProvider time)
{
    public async Task<IReadOnlyList<BrokerQuery>> ListAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.BrokerQueries.AsNoTracking().Where(CanRun(viewer)).Include(query => query.Shares)
            .OrderByDescending(query => query.Modified).ToListAsync(cancellationToken);
    }

    /// <summary>The query, when the viewer may read and run it; null otherwise.</summary>
    public async Task<BrokerQuery?> FindAsync(long id, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.BrokerQueries.AsNoTracking().Where(CanRun(viewer)).Include(query => query.Shares)
            .FirstOrDefaultAsync(query => query.Id == id, cancellationToken);
    }

    /// <summary>
    /// Creates the query (owned by <paramref name="viewer"/>, private unless <paramref name="shareWith"/> names groups)
    /// when <paramref name="id"/> is null, otherwise updates it. Returns its id, or null when it no longer exists or is
    /// not the viewer's to change.
    /// </summary>
    public async Task<long?> SaveAsync(long? id, string name, string broker, string parametersJson, Viewer viewer, CancellationToken cancellationToken,
        IReadOnlyCollection<long>? shareWith = null)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        BrokerQuery? query;
        if (id is { } existingId)
        {
            query = await database.BrokerQueries.Where(CanChange(viewer)).Include(each => each.Shares).FirstOrDefaultAsync(each => each.Id == existingId, cancellationToken);
            if (query is null)
            {
                return null;
            }
        }
        else
        {
            query = new BrokerQuery { Name = name, Broker = broker, ParametersJson = parametersJson, Created = now, OwnerId = viewer.SeesEverything ? null : viewer.UserId };
            database.BrokerQueries.Add(query);
        }

        if (shareWith is not null)
        {
            var wanted = shareWith.Where(group => viewer.SeesEverything || viewer.IsIn(group)).ToHashSet();
            query.Shares.RemoveAll(share => !wanted.Contains(share.GroupId));
            query.Shares.AddRange(wanted.Where(group => query.Shares.All(share => share.GroupId != group)).Select(group => new BrokerQueryShare { GroupId = group }));
        }

        query.Name = name.Trim();
        query.ParametersJson = parametersJson;
        query.Modified = now;
        await database.SaveChangesAsync(cancellationToken);
        return query.Id;
    }

    public async Task MarkRunAsync(long id, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await database.BrokerQueries.Where(query => query.Id == id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(query => query.LastRun, now), cancellationToken);
    }

    /// <summary>Records how the run that just ended went, for the query lists and the home page.</summary>
    public async Task RecordRunEndAsync(long id, int alertCount, QueryRunStatus status, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        await database.BrokerQueries.Where(query => query.Id == id)
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(query => query.LastRunAlertCount, alertCount).SetProperty(query => query.LastRunStatus, status),
                cancellationToken);
    }

    /// <summary>Deletes the viewer's own query; false when there is none they may delete.</summary>
    public async Task<bool> DeleteAsync(long id, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.BrokerQueries.Where(query => query.Id == id).Where(CanChange(viewer)).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Whether the viewer may change or delete a loaded query.</summary>
    public static bool IsChangeableBy(BrokerQuery query, Viewer viewer) =>
        viewer.SeesEverything || query?.OwnerId is null || query.OwnerId == viewer.UserId;

    private static Expression<Func<BrokerQuery, bool>> CanRun(Viewer viewer)
    {
        if (viewer.SeesEverything)
        {
            return query => true;
        }

        var userId = viewer.UserId;
        var groups = viewer.GroupIds.ToList();
        return query => query.OwnerId == null || query.OwnerId == userId || query.Shares.Any(share => groups.Contains(share.GroupId));
    }

    private static Expression<Func<BrokerQuery, bool>> CanChange(Viewer viewer)
    {
        if (viewer.SeesEverything)
        {
            return query => true;
        }

        var userId = viewer.UserId;
        return query => query.OwnerId == null || query.OwnerId == userId;
    }
}
