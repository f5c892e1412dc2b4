using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Data;

namespace TomDashboard.Accounts;

/// <summary>Groups of users: administrators manage them; every permission check reads a user's groups from here.</summary>
public sealed class TeamGroups(IDbContextFactory<TomDbContext> databases, TimeProvider time)
{
    public async Task<IReadOnlyList<GroupSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var groups = await database.TeamGroups.AsNoTracking().OrderBy(group => group.Name).Select(group => new { group.Id, group.Name }).ToListAsync(cancellationToken);
        var members = await database.TeamGroupMembers.AsNoTracking()
            .Join(database.Users, member => member.UserId, user => user.Id, (member, user) => new { member.GroupId, user.UserName })
            .ToListAsync(cancellationToken);
        var byGroup = members.ToLookup(member => member.GroupId, member => member.UserName ?? "");
        return groups.Select(group => new GroupSummary(group.Id, group.Name, [.. byGroup[group.Id].Order(StringComparer.OrdinalIgnoreCase)])).ToList();
    }

    public async Task<AccountResult> CreateAsync(string? name, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > TeamGroup.NameMaxLength || trimmed.Any(char.IsControl))
        {
            return AccountResult.Refused($"A group name has 1 to {TeamGroup.NameMaxLength} characters, without line breaks.");
        }

        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        if (await database.TeamGroups.AnyAsync(group => group.Name == trimmed, cancellationToken))
        {
            return AccountResult.Refused($"A group named {trimmed} exists already.");
        }

        database.TeamGroups.Add(new TeamGroup { Name = trimmed, CreatedAt = time.GetUtcNow() });
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (!DatabaseBusy.Is(exception))
        {
            return AccountResult.Refused($"A group named {trimmed} exists already.");
        }

        return AccountResult.Done($"Group {trimmed} created.");
    }

    public async Task<AccountResult> DeleteAsync(long groupId, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var removed = await database.TeamGroups.Where(group => group.Id == groupId).ExecuteDeleteAsync(cancellationToken);
        return removed == 1 ? AccountResult.Done("Group deleted; what was shared with it is no longer shared with its members.") : AccountResult.Refused("That group no longer exists.");
    }

    public async Task<AccountResult> AddMemberAsync(long groupId, string? userName, CancellationToken cancellationToken)
    {
        var name = userName?.Trim() ?? "";
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var normalized = name.ToUpperInvariant();
        var user = await database.Users.AsNoTracking().Where(each => each.NormalizedUserName == normalized).Select(each => new { each.Id, each.UserName }).FirstOrDefaultAsync(cancellationToken);
        var group = await database.TeamGroups.AsNoTracking().Where(each => each.Id == groupId).Select(each => each.Name).FirstOrDefaultAsync(cancellationToken);
        if (group is null)
        {
            return AccountResult.Refused("That group no longer exists.");
        }

        if (user is null)
        {
            return AccountResult.Refused($"There is no user named {name}.");
        }

        if (await database.TeamGroupMembers.AnyAsync(member => member.GroupId == groupId && member.UserId == user.Id, cancellationToken))
        {
            return AccountResult.Done($"{user.UserName} is in {group} already.");
        }

        database.TeamGroupMembers.Add(new TeamGroupMember { GroupId = groupId, UserId = user.Id });
        await database.SaveChangesAsync(cancellationToken);
        return AccountResult.Done($"{user.UserName} added to {group}.");
    }

    public async Task<AccountResult> RemoveMemberAsync(long groupId, string userName, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var normalized = userName.Trim().ToUpperInvariant();
        var removed = await database.TeamGroupMembers
            .Where(member => member.GroupId == groupId && database.Users.Any(user => user.Id == member.UserId && user.NormalizedUserName == normalized))
            .ExecuteDeleteAsync(cancellationToken);
        return removed == 1 ? AccountResult.Done($"{userName} removed from the group.") : AccountResult.Refused($"{userName} was not in the group.");
    }

    /// <summary>The groups a user belongs to, for the share pickers (id and name).</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> GroupsOfAsync(string userId, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var groups = await database.TeamGroupMembers.AsNoTracking().Where(member => member.UserId == userId)
            .Join(database.TeamGroups, member => member.GroupId, group => group.Id, (_, group) => new { group.Id, group.Name })
            .OrderBy(group => group.Name)
            .ToListAsync(cancellationToken);
        return groups.Select(group => (group.Id, group.Name)).ToList();
    }

    /// <summary>The names of a user (a target's owner) and of groups, for pages that say who sees what.</summary>
    public async Task<(string? OwnerName, IReadOnlyList<string> GroupNames)> NamesAsync(string? ownerId, IReadOnlyCollection<long> groupIds, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var owner = ownerId is null ? null : await database.Users.AsNoTracking().Where(user => user.Id == ownerId).Select(user => user.UserName).FirstOrDefaultAsync(cancellationToken);
        var names = await database.TeamGroups.AsNoTracking().Where(group => groupIds.Contains(group.Id)).OrderBy(group => group.Name).Select(group => group.Name).ToListAsync(cancellationToken);
        return (owner, names);
    }

    /// <summary>The user as permission checks see them, or null when the account is gone.</summary>
    public async Task<Viewer?> ViewerAsync(string userId, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var userName = await database.Users.AsNoTracking().Where(user => user.Id == userId).Select(user => user.UserName).FirstOrDefaultAsync(cancellationToken);
        if (userName is null)
        {
            return null;
        }

        var groups = await database.TeamGroupMembers.AsNoTracking().Where(member => member.UserId == userId).Select(member => member.GroupId).ToListAsync(cancellationToken);
        return new Viewer(userId, userName, groups.ToHashSet());
    }
}
