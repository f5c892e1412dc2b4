using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TomDashboard.Accounts;
using TomDashboard.Queries;
using TomDashboard.Streams;
using TomDashboard.Targets;

namespace TomDashboard.Data;

/// <summary>
/// The dashboard's store, accounts included (Identity's tables) and the data-protection keys that sign cookies, so
/// every instance on one database shares them. Reached through IDbContextFactory: one short-lived context per
/// operation.
/// </summary>
public class TomDbContext : IdentityDbContext<TomUser>, IDataProtectionKeyContext
{
    public TomDbContext(DbContextOptions<TomDbContext> options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<TeamGroup> TeamGroups => Set<TeamGroup>();

    public DbSet<TeamGroupMember> TeamGroupMembers => Set<TeamGroupMember>();

    public DbSet<Target> Targets => Set<Target>();

    public DbSet<TargetName> TargetNames => Set<TargetName>();

    public DbSet<TargetShare> TargetShares => Set<TargetShare>();

    public DbSet<TargetExtra> TargetExtras => Set<TargetExtra>();

    public DbSet<Photometry> Photometry => Set<Photometry>();

    public DbSet<TargetCutout> TargetCutouts => Set<TargetCutout>();

    public DbSet<BrokerQuery> BrokerQueries => Set<BrokerQuery>();

    public DbSet<BrokerQueryShare> BrokerQueryShares => Set<BrokerQueryShare>();

    public DbSet<AlertStreamMessage> AlertStreamMessages => Set<AlertStreamMessage>();

    public DbSet<TargetList> TargetLists => Set<TargetList>();

    public DbSet<TargetListMember> TargetListMembers => Set<TargetListMember>();

    public DbSet<TargetListShare> TargetListShares => Set<TargetListShare>();

    public DbSet<ClusterLease> ClusterLeases => Set<ClusterLease>();

    protected sealed override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot order or compare DateTimeOffset text; UTC ticks sort and compare as numbers.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            // timestamptz holds an instant: Npgsql takes only UTC offsets, so every value is written as UTC.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        }

        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected sealed override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TomDbContext).Assembly);
    }

    public sealed override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        KeepDerivedColumns();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public sealed override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        KeepDerivedColumns();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The sky zone and simplified names follow the coordinates and names, whoever changes them.</summary>
    private void KeepDerivedColumns()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Target target:
                    target.SkyZone = target.Dec is { } dec ? Astronomy.SkyZones.ZoneOf(dec) : null;
                    break;
                case TargetName name:
                    name.Simplified = TargetNameRules.Simplify(name.Name);
                    break;
            }
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value);

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
