using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Data;

namespace TomDashboard.Targets;

public enum TargetSortColumn
{
    Name,
    Ra,
    Dec,
    Created,
    Source,
}

public sealed record TargetQuery
{
    /// <summary>Part of a name or alias.</summary>
    public string? Text { get; init; }

    public TargetSortColumn SortBy { get; init; } = TargetSortColumn.Created;

    public bool Descending { get; init; } = true;

    public int Page { get; init; }

    public int PageSize { get; init; } = 50;

    /// <summary>Only members of this target list.</summary>
    public long? ListId { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only targets within this cone (true angular separation, through the sky index).</summary>
    public SkyConeQuery? Cone { get; init; }
}

public sealed record SkyConeQuery(double Ra, double Dec, double RadiusArcsec);

public sealed record TargetRow(long Id, string Name, TargetType Type, double? Ra, double? Dec, DateTimeOffset Created, string? SourceBroker);

public sealed record TargetPage(IReadOnlyList<TargetRow> Rows, int TotalCount);

/// <summary>A recently created target as the home page lists it: who made it, from where, and the lists it is in.</summary>
public sealed record RecentTarget(long Id, string Name, DateTimeOffset Created, string? CreatedBy, string? SourceBroker, IReadOnlyList<string> Lists);

/// <summary>Reads targets for the targets pages: only those the viewer may see, filtered, sorted and paged in the database.</summary>
public sealed class TargetSearch(IDbContextFactory<TomDbContext> databases)
{
    public async Task<TargetPage> SearchAsync(TargetQuery query, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var targets = database.Targets.AsNoTracking().Where(TargetAccess.CanSee(viewer));
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            targets = targets.Where(target => database.TargetNames.Any(name => name.TargetId == target.Id && name.Name.Contains(text)));
        }

        if (query.ListId is { } listId)
        {
            targets = targets.Where(target => database.TargetListMembers.Any(member => member.TargetListId == listId && member.TargetId == target.Id));
        }

        if (query.CreatedFrom is { } from)
        {
            targets = targets.Where(target => target.Created >= from);
        }

        if (query.CreatedTo is { } to)
        {
            targets = targets.Where(target => target.Created <= to);
        }

        if (query.Cone is { } cone)
        {
            // The index narrows the sky; the true separation decides; the ids then join the rest of the query.
            var inside = (await ConeSearch.FindAsync(database.Targets.AsNoTracking(), cone.Ra, cone.Dec, cone.RadiusArcsec, cancellationToken))
                .Select(match => match.Id).ToList();
            targets = targets.Where(target => inside.Contains(target.Id));
        }

        var total = await targets.CountAsync(cancellationToken);
        IOrderedQueryable<Target> ordered = (query.SortBy, query.Descending) switch
        {
            (TargetSortColumn.Name, false) => targets.OrderBy(target => target.Name),
            (TargetSortColumn.Name, true) => targets.OrderByDescending(target => target.Name),
            (TargetSortColumn.Ra, false) => targets.OrderBy(target => target.Ra),
            (TargetSortColumn.Ra, true) => targets.OrderByDescending(target => target.Ra),
            (TargetSortColumn.Dec, false) => targets.OrderBy(target => target.Dec),
            (TargetSortColumn.Dec, true) => targets.OrderByDescending(target => target.Dec),
            (TargetSortColumn.Source, false) => targets.OrderBy(target => target.SourceBroker),
            (TargetSortColumn.Source, true) => targets.OrderByDescending(target => target.SourceBroker),
            (_, false) => targets.OrderBy(target => target.Created),
            _ => targets.OrderByDescending(target => target.Created),
        };

        var rows = await ordered
            .ThenBy(target => target.Id)
            .Skip(Math.Max(query.Page, 0) * query.PageSize)
            .Take(query.PageSize)
            .Select(target => new TargetRow(target.Id, target.Name, target.Type, target.Ra, target.Dec, target.Created, target.SourceBroker))
            .ToListAsync(cancellationToken);
        return new TargetPage(rows, total);
    }

    /// <summary>One target with its names, extras and photometry; null when there is none the viewer may see.</summary>
    /// <summary>The newest targets the viewer may see, with their creator and the lists (that the viewer may see) they are in: two queries.</summary>
    public async Task<IReadOnlyList<RecentTarget>> NewestAsync(Viewer viewer, int count, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var newest = await database.Targets.AsNoTracking().Where(TargetAccess.CanSee(viewer))
            .OrderByDescending(target => target.Created).ThenByDescending(target => target.Id)
            .Take(count)
            .Select(target => new
            {
                target.Id,
                target.Name,
                target.Created,
                target.SourceBroker,
                CreatedBy = database.Users.Where(user => user.Id == target.OwnerId).Select(user => user.UserName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var ids = newest.Select(target => target.Id).ToList();
        var memberships = await database.TargetListMembers.AsNoTracking()
            .Where(member => ids.Contains(member.TargetId))
            .Join(database.TargetLists.Where(TargetLists.CanUse(viewer)), member => member.TargetListId, list => list.Id, (member, list) => new { member.TargetId, list.Name })
            .ToListAsync(cancellationToken);
        var listsOf = memberships.ToLookup(member => member.TargetId, member => member.Name);
        return [.. newest.Select(target => new RecentTarget(
            target.Id, target.Name, target.Created, target.CreatedBy, target.SourceBroker, [.. listsOf[target.Id].Order(StringComparer.OrdinalIgnoreCase)]))];
    }

    public async Task<Target?> FindAsync(long id, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.Targets.AsNoTracking()
            .Where(TargetAccess.CanSee(viewer))
            .Include(target => target.Shares)
            .Include(target => target.Names)
            .Include(target => target.Extras)
            .Include(target => target.Photometry.OrderBy(point => point.Timestamp))
            .Include(target => target.Cutouts)
            .AsSplitQuery()
            .FirstOrDefaultAsync(target => target.Id == id, cancellationToken);
    }

    /// <summary>Which of these names belong to a target (as its name or an alias), and to which: one query for a batch.</summary>
    public async Task<IReadOnlyDictionary<string, long>> FindIdsByNameAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return new Dictionary<string, long>();
        }

        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var found = await database.TargetNames.Where(each => names.Contains(each.Name)).Select(each => new { each.Name, each.TargetId }).ToListAsync(cancellationToken);
        return found.GroupBy(each => each.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(group => group.Key, group => group.First().TargetId, StringComparer.OrdinalIgnoreCase);
    }
}
