namespace TomDashboard.Accounts;

/// <summary>A group of users, as in the TOM Toolkit: targets, lists and queries are shared with groups.</summary>
public sealed class TeamGroup
{
    public const int NameMaxLength = 64;

    public long Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<TeamGroupMember> Members { get; set; } = [];
}

public sealed class TeamGroupMember
{
    public long GroupId { get; set; }

    public required string UserId { get; set; }
}

/// <summary>A group as the administrators' page lists it.</summary>
public sealed record GroupSummary(long Id, string Name, IReadOnlyList<string> MemberNames);
