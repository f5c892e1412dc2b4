using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>A list as the lists page shows it.</summary>
public sealed record TargetListSummary(long Id, string Name, int MemberCount, DateTimeOffset Created);

/// <summary>The list that was created, renamed or found; or why not. Never an exception for a user's ordinary mistakes.</summary>
public sealed record TargetListResult(TargetListSummary? List, string? Problem)
{
    [MemberNotNullWhen(true, nameof(List))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => List is not null;

    public static TargetListResult Ok(TargetListSummary list) => new(list, null);

    public static TargetListResult Failed(string problem) => new(null, problem);
}

/// <summary>What adding targets to a list did: how many joined, how many were there already, how many no longer exist.</summary>
public sealed record TargetListAddition(long ListId, string ListName, int Added, int AlreadyMembers, int Missing, string? Problem = null)
{
    public bool Succeeded => Problem is null;

    public string Message
    {
        get
        {
            if (Problem is not null)
            {
                return Problem;
            }

            if (Added + AlreadyMembers + Missing == 1)
            {
                return Added == 1 ? $"Added to the list {ListName}."
                    : AlreadyMembers == 1 ? $"Already in the list {ListName}."
                    : $"The target no longer exists, so it was not added to {ListName}.";
            }

            var message = $"Added {Added} {(Added == 1 ? "target" : "targets")} to the list {ListName}";
            var notes = new List<string>();
            if (AlreadyMembers > 0)
            {
                notes.Add($"{AlreadyMembers} {(AlreadyMembers == 1 ? "was" : "were")} already in it");
            }

            if (Missing > 0)
            {
                notes.Add($"{Missing} no longer {(Missing == 1 ? "exists" : "exist")}");
            }

            return notes.Count == 0 ? message + "." : $"{message} ({string.Join("; ", notes)}).";
        }
    }

    internal static TargetListAddition Failed(string problem) => new(0, "", 0, 0, 0, problem);
}

/// <summary>
/// The one home of target-list operations (like the TOM Toolkit's target groups): list, create, rename, delete, and
/// add or remove members, for the lists page, the add-to-list dialog and the stream handlers alike. Names are unique by
/// the database's index; a clash becomes a message, also when two users race.
/// </summary>
public sealed class TargetLists(IDbContextFactory<TomDbContext> databases, TimeProvider time, ILogger<TargetLists> logger)
{
    private const int Attempts = 3;

    /// <summary>Every list with its member count, by name.</summary>
    public async Task<IReadOnlyList<TargetListSummary>> ListAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.TargetLists.AsNoTracking().Where(CanUse(viewer))
            .OrderBy(list => list.Name)
            .Select(list => new TargetListSummary(list.Id, list.Name, list.Members.Count, list.Created))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One list with its member count; null when there is no such list.</summary>
    public async Task<TargetListSummary?> FindAsync(long listId, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await SummaryAsync(database, listId, viewer, cancellationToken);
    }

    /// <summary>Creates an empty list; a name that is taken (or empty, or too long) is a message.</summary>
    public async Task<TargetListResult> CreateAsync(string? name, Viewer viewer, CancellationToken cancellationToken, IReadOnlyCollection<long>? shareWith = null)
    {
        if (CheckName(name) is { } problem)
        {
            return TargetListResult.Failed(problem);
        }

        var clean = name!.Trim();
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        if (await database.TargetLists.AnyAsync(list => list.Name == clean, cancellationToken))
        {
            return TargetListResult.Failed(Taken(clean));
        }

        var list = new TargetList
        {
            Name = clean,
            Created = time.GetUtcNow(),
            OwnerId = viewer.SeesEverything ? null : viewer.UserId,
            Shares = [.. (shareWith ?? []).Where(group => viewer.SeesEverything || viewer.IsIn(group)).Distinct().Select(group => new TargetListShare { GroupId = group })],
        };
        database.TargetLists.Add(list);
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException conflict)
        {
            // Someone created a list of that name between the check and the insert.
            if (await FindIdByNameAsync(clean, cancellationToken) is not null)
            {
                return TargetListResult.Failed(Taken(clean));
            }

            logger.LogError(conflict, "Creating the list {List} failed", clean);
            return TargetListResult.Failed("The database refused the list. See the log for details.");
        }

        logger.LogInformation("Created the target list {List} ({ListId})", clean, list.Id);
        return TargetListResult.Ok(new TargetListSummary(list.Id, list.Name, 0, list.Created));
    }

    /// <summary>The list of that name, created on first use; two callers racing for a new name get the same list.</summary>
    public async Task<TargetListResult> GetOrCreateAsync(string? name, Viewer viewer, CancellationToken cancellationToken)
    {
        if (CheckName(name) is { } problem)
        {
            return TargetListResult.Failed(problem);
        }

        var clean = name!.Trim();
        for (var attempt = 1; ; attempt++)
        {
            if (await FindIdByNameAsync(clean, cancellationToken) is { } existing
                && await FindAsync(existing, viewer, cancellationToken) is { } found)
            {
                return TargetListResult.Ok(found);
            }

            var created = await CreateAsync(clean, viewer, cancellationToken);
            // "Already exists" means another caller won the race: read theirs on the next turn.
            if (created.Succeeded || attempt == Attempts)
            {
                return created;
            }
        }
    }

    /// <summary>Gives a list another name, by the same rules as a new one.</summary>
    public async Task<TargetListResult> RenameAsync(long listId, string? name, Viewer viewer, CancellationToken cancellationToken)
    {
        if (CheckName(name) is { } problem)
        {
            return TargetListResult.Failed(problem);
        }

        var clean = name!.Trim();
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var list = await database.TargetLists.Where(CanUse(viewer)).FirstOrDefaultAsync(each => each.Id == listId, cancellationToken);
        if (list is null)
        {
            return TargetListResult.Failed(NoSuchList(listId));
        }

        if (!IsManagedBy(list, viewer))
        {
            return TargetListResult.Failed(NotTheOwner(list.Name));
        }

        if (list.Name != clean)
        {
            if (await database.TargetLists.AnyAsync(each => each.Name == clean && each.Id != listId, cancellationToken))
            {
                return TargetListResult.Failed(Taken(clean));
            }

            var old = list.Name;
            list.Name = clean;
            try
            {
                await database.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException conflict)
            {
                if (await FindIdByNameAsync(clean, cancellationToken) is { } other && other != listId)
                {
                    return TargetListResult.Failed(Taken(clean));
                }

                logger.LogError(conflict, "Renaming the list {List} failed", old);
                return TargetListResult.Failed("The database refused the new name. See the log for details.");
            }

            logger.LogInformation("Renamed the target list {Old} to {List} ({ListId})", old, clean, listId);
        }

        return await FindAsync(listId, viewer, cancellationToken) is { } summary
            ? TargetListResult.Ok(summary)
            : TargetListResult.Failed(NoSuchList(listId));
    }

    /// <summary>Deletes a list and its memberships; the targets stay. False when there was no such list.</summary>
    public async Task<bool> DeleteAsync(long listId, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
        if (!await database.TargetLists.Where(list => list.Id == listId).Where(CanManage(viewer)).AnyAsync(cancellationToken))
        {
            return false;
        }

        await database.TargetListMembers.Where(member => member.TargetListId == listId).ExecuteDeleteAsync(cancellationToken);
        var deleted = await database.TargetLists.Where(list => list.Id == listId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted the target list {ListId}", listId);
        }

        return deleted > 0;
    }

    /// <summary>Adds targets to a list; a target already in it stays once, a target that no longer exists is counted, not added.</summary>
    public async Task<TargetListAddition> AddAsync(long listId, IEnumerable<long> targetIds, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targetIds);
        var ids = targetIds.Distinct().ToList();
        for (var attempt = 1; ; attempt++)
        {
            await using var database = await databases.CreateDbContextAsync(cancellationToken);
            try
            {
                // On SQLite the transaction takes the write lock at once, so the check and the insert are one step.
                await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
                var list = await database.TargetLists.Where(each => each.Id == listId).Where(CanUse(viewer)).Select(each => new { each.Id, each.Name })
                    .FirstOrDefaultAsync(cancellationToken);
                if (list is null)
                {
                    return TargetListAddition.Failed(NoSuchList(listId));
                }

                // A target the viewer cannot see counts as missing: its id says nothing.
                var existing = await database.Targets.Where(target => ids.Contains(target.Id)).Where(TargetAccess.CanSee(viewer)).Select(target => target.Id).ToListAsync(cancellationToken);
                var members = await database.TargetListMembers.Where(member => member.TargetListId == listId && ids.Contains(member.TargetId))
                    .Select(member => member.TargetId).ToListAsync(cancellationToken);
                var added = existing.Except(members).ToList();
                var now = time.GetUtcNow();
                database.TargetListMembers.AddRange(added.Select(id => new TargetListMember { TargetListId = listId, TargetId = id, Added = now }));
                await database.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new TargetListAddition(list.Id, list.Name, added.Count, members.Count, ids.Count - existing.Count);
            }
            catch (DbUpdateException conflict) when (attempt < Attempts)
            {
                // Another writer added one of these targets (or deleted one) meanwhile: look again.
                logger.LogDebug(conflict, "Adding to the list {ListId} met a concurrent change; retrying", listId);
            }
        }
    }

    /// <summary>Adds targets to the named list, creating the list on first use; adding twice changes nothing.</summary>
    public async Task<TargetListAddition> AddByNameAsync(string? listName, IEnumerable<long> targetIds, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targetIds);
        var list = await GetOrCreateAsync(listName, viewer, cancellationToken);
        return list.Succeeded
            ? await AddAsync(list.List.Id, targetIds, viewer, cancellationToken)
            : TargetListAddition.Failed(list.Problem);
    }

    /// <summary>Takes targets out of a list (the targets stay); returns how many were in it.</summary>
    public async Task<int> RemoveAsync(long listId, IEnumerable<long> targetIds, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targetIds);
        var ids = targetIds.Distinct().ToList();
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        if (!await database.TargetLists.Where(list => list.Id == listId).Where(CanUse(viewer)).AnyAsync(cancellationToken))
        {
            return 0;
        }

        return await database.TargetListMembers
            .Where(member => member.TargetListId == listId && ids.Contains(member.TargetId))
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Why a list name cannot be used, or null when it can.</summary>
    public static string? CheckName(string? name)
    {
        var clean = name?.Trim() ?? "";
        if (clean.Length == 0)
        {
            return "A list needs a name.";
        }

        return clean.Length > TargetList.NameMaxLength ? $"List names are limited to {TargetList.NameMaxLength} characters." : null;
    }

    private static string Taken(string name) => $"A list named {name} already exists.";

    private static string NotTheOwner(string name) => $"Only the owner of {name} can rename or delete it.";

    /// <summary>Whether the viewer may rename or delete a loaded list.</summary>
    public static bool IsManagedBy(TargetList list, Viewer viewer) =>
        viewer.SeesEverything || list?.OwnerId is null || list.OwnerId == viewer.UserId;

    /// <summary>Who sees a list and adds or removes its targets: its owner, its groups, everyone for team lists.</summary>
    internal static Expression<Func<TargetList, bool>> CanUse(Viewer viewer)
    {
        if (viewer.SeesEverything)
        {
            return list => true;
        }

        var userId = viewer.UserId;
        var groups = viewer.GroupIds.ToList();
        return list => list.OwnerId == null || list.OwnerId == userId || list.Shares.Any(share => groups.Contains(share.GroupId));
    }

    private static Expression<Func<TargetList, bool>> CanManage(Viewer viewer)
    {
        if (viewer.SeesEverything)
        {
            return list => true;
        }

        var userId = viewer.UserId;
        return list => list.OwnerId == null || list.OwnerId == userId;
    }

    private static string NoSuchList(long listId) => $"There is no list with id {listId}. It may have been deleted.";

    private async Task<long?> FindIdByNameAsync(string name, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.TargetLists.Where(list => list.Name == name).Select(list => (long?)list.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static Task<TargetListSummary?> SummaryAsync(TomDbContext database, long listId, Viewer viewer, CancellationToken cancellationToken) =>
        database.TargetLists.AsNoTracking()
            .Where(list => list.Id == listId).Where(CanUse(viewer))
            .Select(list => new TargetListSummary(list.Id, list.Name, list.Members.Count, list.Created))
            .FirstOrDefaultAsync(cancellationToken);
}
