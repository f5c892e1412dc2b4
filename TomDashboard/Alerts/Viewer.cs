namespace TomDashboard.Alerts;

/// <summary>
/// Who is asking: a signed-in user (or the streams' service account) and the groups they belong to. Every read and
/// write of a target takes one, so its permissions are checked in one place (the Targets feature's TargetAccess).
/// </summary>
public sealed record Viewer(string UserId, string UserName, IReadOnlySet<long> GroupIds)
{
    /// <summary>
    /// The app itself, for work no person asked for (start-up, clean-up, tests of other rules): sees every target.
    /// Pages never use it; they use the signed-in user.
    /// </summary>
    public static readonly Viewer System = new("", "TomDashboard", new HashSet<long>()) { SeesEverything = true };

    public bool SeesEverything { get; private init; }

    public bool IsIn(long groupId) => GroupIds.Contains(groupId);
}

/// <summary>Who may see a target, as in the TOM Toolkit.</summary>
public enum TargetVisibility
{
    /// <summary>Every signed-in user sees it.</summary>
    Open,

    /// <summary>Only its owner and the groups it is shared with.</summary>
    Private,
}
