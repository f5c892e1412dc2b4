using System.Linq.Expressions;
using TomDashboard.Alerts;

namespace TomDashboard.Targets;

/// <summary>
/// The one statement of who sees and who changes a target, as in the TOM Toolkit: an Open target is seen by every
/// signed-in user; a Private one by its owner and the members of the groups it is shared with. Changing, deleting
/// and merging into a target is for its owner and those groups (and anyone, for targets from before accounts).
/// Its photometry, cutouts, extras, list memberships and exports follow the target.
/// </summary>
public static class TargetAccess
{
    public static Expression<Func<Target, bool>> CanSee(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.SeesEverything)
        {
            return target => true;
        }

        var userId = viewer.UserId;
        var groups = viewer.GroupIds.ToList();
        return target => target.Visibility == TargetVisibility.Open || target.OwnerId == userId || target.Shares.Any(share => groups.Contains(share.GroupId));
    }

    public static Expression<Func<Target, bool>> CanChange(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.SeesEverything)
        {
            return target => true;
        }

        var userId = viewer.UserId;
        var groups = viewer.GroupIds.ToList();
        return target => target.OwnerId == null || target.OwnerId == userId || target.Shares.Any(share => groups.Contains(share.GroupId));
    }

    /// <summary>The same rule as <see cref="CanSee"/>, on a loaded target with its <see cref="Target.Shares"/> (a test keeps the two equal).</summary>
    public static bool Sees(Viewer viewer, Target target) =>
        viewer.SeesEverything || target.Visibility == TargetVisibility.Open || target.OwnerId == viewer.UserId || target.Shares.Any(share => viewer.GroupIds.Contains(share.GroupId));

    /// <summary>The same rule as <see cref="CanChange"/>, on a loaded target.</summary>
    public static bool Changes(Viewer viewer, Target target) =>
        viewer.SeesEverything || target.OwnerId is null || target.OwnerId == viewer.UserId || target.Shares.Any(share => viewer.GroupIds.Contains(share.GroupId));

    /// <summary>What a user is told when a name or position they chose belongs to a target they cannot see.</summary>
    public const string TakenByHiddenTarget = "That name or position is taken by a target you cannot see. Ask its owner to share it, or choose another name.";
}
