using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TomDashboard.Accounts;
using TomDashboard.Streams;
using TomDashboard.Targets;

namespace TomDashboard.Data.Configurations;

internal sealed class AlertStreamMessageConfiguration : IEntityTypeConfiguration<AlertStreamMessage>
{
    public void Configure(EntityTypeBuilder<AlertStreamMessage> builder)
    {
        builder.Property(message => message.Stream).HasMaxLength(100);
        builder.Property(message => message.Topic).HasMaxLength(250);
        builder.Property(message => message.MessageId).HasMaxLength(200);
        builder.Property(message => message.AlertId).HasMaxLength(200);
        builder.Property(message => message.Outcome).HasMaxLength(1000);
        builder.Property(message => message.Error).HasMaxLength(2000);
        // A redelivered message (same place in the same topic) is logged once.
        builder.HasIndex(message => new { message.Stream, message.Topic, message.Partition, message.Offset }).IsUnique();
        builder.HasIndex(message => new { message.Stream, message.AlertId });
        builder.HasIndex(message => message.ReceivedAt);
    }
}

internal sealed class TargetListConfiguration : IEntityTypeConfiguration<TargetList>
{
    public void Configure(EntityTypeBuilder<TargetList> builder)
    {
        builder.Property(list => list.Name).HasMaxLength(TargetList.NameMaxLength);
        builder.HasIndex(list => list.Name).IsUnique();
        builder.HasMany(list => list.Members).WithOne().HasForeignKey(member => member.TargetListId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(list => list.Shares).WithOne().HasForeignKey(share => share.TargetListId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(list => list.OwnerId).HasMaxLength(450);
        builder.HasIndex(list => list.OwnerId);
        builder.HasOne<TomUser>().WithMany().HasForeignKey(list => list.OwnerId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TargetListShareConfiguration : IEntityTypeConfiguration<TargetListShare>
{
    public void Configure(EntityTypeBuilder<TargetListShare> builder)
    {
        builder.HasKey(share => new { share.TargetListId, share.GroupId });
        builder.HasIndex(share => share.GroupId);
        builder.HasOne<TeamGroup>().WithMany().HasForeignKey(share => share.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TargetListMemberConfiguration : IEntityTypeConfiguration<TargetListMember>
{
    public void Configure(EntityTypeBuilder<TargetListMember> builder)
    {
        builder.HasKey(member => new { member.TargetListId, member.TargetId });
        builder.HasOne<Target>().WithMany().HasForeignKey(member => member.TargetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClusterLeaseConfiguration : IEntityTypeConfiguration<ClusterLease>
{
    public void Configure(EntityTypeBuilder<ClusterLease> builder)
    {
        builder.HasKey(lease => lease.Name);
        builder.Property(lease => lease.Name).HasMaxLength(ClusterLease.NameMaxLength);
        builder.Property(lease => lease.Holder).HasMaxLength(100);
    }
}
