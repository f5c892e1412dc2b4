using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace TomDashboard.Data;

/// <summary><c>Cluster</c>: this instance among others sharing one database and the same streams.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>This instance's name in leases, health answers and its live consumer groups; the host and process by default.</summary>
    [MaxLength(100)]
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// Set when several instances share the streams: each instance then reads every Kafka stream a second time, in a
    /// consumer group of its own that commits nothing, to feed its own Live pages; the shared group persists.
    /// </summary>
    public bool LiveReadsPerInstance { get; set; }
}

/// <summary>A row that says which instance does a once-per-cluster job, until when.</summary>
public sealed class ClusterLease
{
    public const int NameMaxLength = 100;

    public required string Name { get; set; }

    public required string Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Work that must run on one instance at a time (the message-log clean-up) claims a lease row first. A claim succeeds
/// when nobody holds the lease, this instance holds it, or its holder let it expire; the update is one statement, so
/// two instances cannot both win, on SQLite or PostgreSQL.
/// </summary>
public sealed class ClusterLeases(IDbContextFactory<TomDbContext> databases, IOptions<ClusterOptions> options, TimeProvider time)
{
    public string InstanceId => options.Value.InstanceId;

    public async Task<bool> TryClaimAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        var me = InstanceId;
        var now = time.GetUtcNow();
        var until = now + duration;
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var claimed = await database.ClusterLeases
            .Where(lease => lease.Name == name && (lease.Holder == me || lease.ExpiresAt < now))
            .ExecuteUpdateAsync(lease => lease.SetProperty(each => each.Holder, me).SetProperty(each => each.ExpiresAt, until), cancellationToken);
        if (claimed == 1)
        {
            return true;
        }

        if (await database.ClusterLeases.AnyAsync(lease => lease.Name == name, cancellationToken))
        {
            return false;
        }

        database.ClusterLeases.Add(new ClusterLease { Name = name, Holder = me, ExpiresAt = until });
        try
        {
            await database.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance made the row first: it holds the lease.
            return false;
        }
    }
}
