using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TomDashboard.Queries;

namespace TomDashboard.Data.Configurations;

internal sealed class BrokerQueryConfiguration : IEntityTypeConfiguration<BrokerQuery>
{
    public void Configure(EntityTypeBuilder<BrokerQuery> builder)
    {
        builder.Property(query => query.Name).HasMaxLength(BrokerQuery.NameMaxLength);
        builder.Property(query => query.Broker).HasMaxLength(100);
        builder.HasIndex(query => query.Broker);
    }
}
