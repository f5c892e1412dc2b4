namespace TomDashboard.Targets;

/// <summary>A named group of targets, like the TOM Toolkit's target groups.</summary>
public sealed class TargetList
{
    public const int NameMaxLength = 200;

    public long Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset Created { get; set; }

    public List<TargetListMember> Members { get; set; } = [];

    /// <summary>Who made it; null for lists from before accounts (and the streams' lists), which the whole team shares.</summary>
    public string? OwnerId { get; set; }

    /// <summary>The groups whose members see the list and add or remove its targets; its owner renames and deletes it.</summary>
    public List<TargetListShare> Shares { get; set; } = [];
}

public sealed class TargetListShare
{
    public long TargetListId { get; set; }

    public long GroupId { get; set; }
}

public sealed class TargetListMember
{
    public long TargetListId { get; set; }

    public long TargetId { get; set; }

    public DateTimeOffset Added { get; set; }
}
