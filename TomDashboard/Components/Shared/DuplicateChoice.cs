namespace TomDashboard.Components.Shared;

public enum DuplicateAction
{
    Open,
    Merge,
    CreateAnyway,
}

/// <summary>What the user chose in the duplicate offer.</summary>
public sealed record DuplicateChoice(DuplicateAction Action, string? Reason = null)
{
    public static readonly DuplicateChoice Open = new(DuplicateAction.Open);

    public static readonly DuplicateChoice Merge = new(DuplicateAction.Merge);

    public static DuplicateChoice CreateAnyway(string reason) => new(DuplicateAction.CreateAnyway, reason);
}
