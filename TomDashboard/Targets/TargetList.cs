namespace TomDashboard.Targets;

/// <summary>A named group of targets, like the TOM Toolkit's target groups.</summary>
public sealed class TargetList
{
    public const int NameMaxLength = 200;

    public long Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset Created { get; set; }

    public List<TargetListMember> Members { get; set; } = [];
}

public sealed class TargetListMember
{
    public long TargetListId { get; set; }

    public long TargetId { get; set; }

    public DateTimeOffset Added { get; set; }
}
