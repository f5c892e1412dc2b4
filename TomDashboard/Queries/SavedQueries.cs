using Microsoft.EntityFrameworkCore;
using TomDashboard.Data;

namespace TomDashboard.Queries;

/// <summary>Saving, listing and deleting broker queries; each call is one short-lived context.</summary>
public sealed class SavedQueries(IDbContextFactory<TomDbContext> databases, TimeProvider time)
{
    public async Task<IReadOnlyList<BrokerQuery>> ListAsync(CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.BrokerQueries.AsNoTracking().OrderByDescending(query => query.Modified).ToListAsync(cancellationToken);
    }

    public async Task<BrokerQuery?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.BrokerQueries.AsNoTracking().FirstOrDefaultAsync(query => query.Id == id, cancellationToken);
    }

    /// <summary>Creates the query when <paramref name="id"/> is null, otherwise updates it. Returns its id, or null when it no longer exists.</summary>
    public async Task<long?> SaveAsync(long? id, string name, string broker, string parametersJson, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        BrokerQuery? query;
        if (id is { } existingId)
        {
            query = await database.BrokerQueries.FirstOrDefaultAsync(each => each.Id == existingId, cancellationToken);
            if (query is null)
            {
                return null;
            }
        }
        else
        {
            query = new BrokerQuery { Name = name, Broker = broker, ParametersJson = parametersJson, Created = now };
            database.BrokerQueries.Add(query);
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

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.BrokerQueries.Where(query => query.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
