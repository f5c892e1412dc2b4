using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TomDashboard.Accounts;
using TomDashboard.Targets;

namespace TomDashboard.Data.Configurations;

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> builder)
    {
        builder.Property(target => target.Name).HasMaxLength(Target.NameMaxLength);
        builder.HasIndex(target => target.Name).IsUnique();
        builder.HasIndex(target => target.Created);
        // The sky index: a cone search reads a few zones and an RA interval in each.
        builder.HasIndex(target => new { target.SkyZone, target.Ra });
        builder.Property(target => target.DuplicateReason).HasMaxLength(500);
        builder.Property(target => target.SourceBroker).HasMaxLength(100);
        builder.Property(target => target.SourceAlertId).HasMaxLength(100);
        builder.Ignore(target => target.Aliases);
        builder.HasMany(target => target.Names).WithOne().HasForeignKey(name => name.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(target => target.Extras).WithOne().HasForeignKey(extra => extra.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(target => target.Photometry).WithOne().HasForeignKey(point => point.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(target => target.Cutouts).WithOne().HasForeignKey(cutout => cutout.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(target => target.Shares).WithOne().HasForeignKey(share => share.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(target => target.OwnerId).HasMaxLength(450);
        builder.HasIndex(target => target.OwnerId);
        builder.HasOne<TomUser>().WithMany().HasForeignKey(target => target.OwnerId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TargetShareConfiguration : IEntityTypeConfiguration<TargetShare>
{
    public void Configure(EntityTypeBuilder<TargetShare> builder)
    {
        builder.HasKey(share => new { share.TargetId, share.GroupId });
        builder.HasIndex(share => share.GroupId);
        builder.HasOne<TeamGroup>().WithMany().HasForeignKey(share => share.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TargetNameConfiguration : IEntityTypeConfiguration<TargetName>
{
    public void Configure(EntityTypeBuilder<TargetName> builder)
    {
        builder.Property(name => name.Name).HasMaxLength(Target.NameMaxLength);
        // Every name and alias of every target is unique: this index is what makes duplicates impossible.
        builder.HasIndex(name => name.Name).IsUnique();
        builder.Property(name => name.Simplified).HasMaxLength(Target.NameMaxLength);
        builder.HasIndex(name => name.Simplified);
    }
}

internal sealed class TargetExtraConfiguration : IEntityTypeConfiguration<TargetExtra>
{
    public void Configure(EntityTypeBuilder<TargetExtra> builder)
    {
        builder.Property(extra => extra.Key).HasMaxLength(100);
        builder.HasIndex(extra => new { extra.TargetId, extra.Key }).IsUnique();
    }
}

internal sealed class PhotometryConfiguration : IEntityTypeConfiguration<Photometry>
{
    public void Configure(EntityTypeBuilder<Photometry> builder)
    {
        builder.Property(point => point.Band).HasMaxLength(32);
        builder.Property(point => point.Source).HasMaxLength(100);
        builder.HasIndex(point => new { point.TargetId, point.Band, point.Timestamp }).IsUnique();
    }
}

internal sealed class TargetCutoutConfiguration : IEntityTypeConfiguration<TargetCutout>
{
    public void Configure(EntityTypeBuilder<TargetCutout> builder)
    {
        builder.Property(cutout => cutout.SourceAlertId).HasMaxLength(100);
        builder.HasIndex(cutout => new { cutout.TargetId, cutout.Kind }).IsUnique();
    }
}
