namespace TomDashboard.Targets;

public enum DuplicatePolicyKind
{
    /// <summary>A match is not created; the caller offers to open it, merge into it, or create anyway.</summary>
    Refuse,

    /// <summary>A match is merged into (stream handlers: a later alert of a known object extends it).</summary>
    MergeIntoMatch,

    /// <summary>Merge into the target the user chose.</summary>
    MergeInto,

    /// <summary>Create although it is near or like another target, for the reason given. Exact names stay unique.</summary>
    CreateAnyway,
}

/// <summary>What the target writer does when a submission matches an existing target.</summary>
public sealed record DuplicatePolicy
{
    private DuplicatePolicy(DuplicatePolicyKind kind, long? targetId = null, string? reason = null)
    {
        Kind = kind;
        TargetId = targetId;
        Reason = reason;
    }

    public DuplicatePolicyKind Kind { get; }

    /// <summary>For <see cref="DuplicatePolicyKind.MergeInto"/>.</summary>
    public long? TargetId { get; }

    /// <summary>For <see cref="DuplicatePolicyKind.CreateAnyway"/>.</summary>
    public string? Reason { get; }

    public static DuplicatePolicy Refuse { get; } = new(DuplicatePolicyKind.Refuse);

    public static DuplicatePolicy MergeIntoMatch { get; } = new(DuplicatePolicyKind.MergeIntoMatch);

    public static DuplicatePolicy MergeInto(long targetId) => new(DuplicatePolicyKind.MergeInto, targetId);

    public static DuplicatePolicy CreateAnyway(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(DuplicatePolicyKind.CreateAnyway, reason: reason.Trim());
    }
}
