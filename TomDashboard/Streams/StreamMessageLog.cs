using Microsoft.EntityFrameworkCore;
using TomDashboard.Data;

namespace TomDashboard.Streams;

/// <summary>Reads the stream message log for the streams page.</summary>
public sealed class StreamMessageLog(IDbContextFactory<TomDbContext> databases)
{
    public async Task<IReadOnlyList<AlertStreamMessage>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.AlertStreamMessages.AsNoTracking()
            .OrderByDescending(message => message.ReceivedAt).ThenByDescending(message => message.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
    }
}
