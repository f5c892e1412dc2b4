using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TomDashboard.Accounts;
using TomDashboard.Queries;

namespace TomDashboard.Data.Configurations;

internal sealed class BrokerQueryConfiguration : IEntityTypeConfiguration<BrokerQuery>
{
    public void Configure(EntityTypeBuilder<BrokerQuery> builder)
    {
        builder.Property(query => query.Name).HasMaxLength(BrokerQuery.NameMaxLength);
        builder.Property(query => query.Broker).HasMaxLength(100);
        builder.HasIndex(query => query.Broker);
        builder.Property(query => query.OwnerId).HasMaxLength(450);
        builder.HasIndex(query => query.OwnerId);
        builder.HasOne<TomUser>().WithMany().HasForeignKey(query => query.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(query => query.Shares).WithOne().HasForeignKey(share => share.BrokerQueryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BrokerQueryShareConfiguration : IEntityTypeConfiguration<BrokerQueryShare>
{
    public void Configure(EntityTypeBuilder<BrokerQueryShare> builder)
    {
        builder.HasKey(share => new { share.BrokerQueryId, share.GroupId });
        builder.HasIndex(share => share.GroupId);
        builder.HasOne<TeamGroup>().WithMany().HasForeignKey(share => share.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}
