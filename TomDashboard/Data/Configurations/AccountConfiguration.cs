using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TomDashboard.Accounts;

namespace TomDashboard.Data.Configurations;

internal sealed class TeamGroupConfiguration : IEntityTypeConfiguration<TeamGroup>
{
    public void Configure(EntityTypeBuilder<TeamGroup> builder)
    {
        builder.Property(group => group.Name).HasMaxLength(TeamGroup.NameMaxLength);
        builder.HasIndex(group => group.Name).IsUnique();
        builder.HasMany(group => group.Members).WithOne().HasForeignKey(member => member.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamGroupMemberConfiguration : IEntityTypeConfiguration<TeamGroupMember>
{
    public void Configure(EntityTypeBuilder<TeamGroupMember> builder)
    {
        builder.HasKey(member => new { member.GroupId, member.UserId });
        builder.HasIndex(member => member.UserId);
        builder.HasOne<TomUser>().WithMany().HasForeignKey(member => member.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
