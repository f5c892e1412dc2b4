using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>
/// Finds the existing target a draft would duplicate: same name or alias, same simplified name, or within the
/// duplicate radius on the sky (through <see cref="ConeSearch"/>, never a full scan). Runs inside the writer's or the
/// editor's transaction.
/// </summary>
internal static class DuplicateFinder
{
    public static async Task<TargetAlreadyExists?> FindAsync(
        TomDbContext database, string name, IReadOnlyList<string> allNames, TargetDraft draft, double radiusArcsec, bool namesOnly, CancellationToken cancellationToken,
        long? exceptTargetId = null)
    {
        if (namesOnly)
        {
            var exact = await database.TargetNames
                .Where(each => allNames.Contains(each.Name) && each.TargetId != exceptTargetId)
                .Join(database.Targets, each => each.TargetId, target => target.Id, (each, target) => new { each.Name, TargetId = target.Id, TargetName = target.Name })
                .FirstOrDefaultAsync(cancellationToken);
            return exact is null ? null : new TargetAlreadyExists(name, exact.TargetId, exact.TargetName, exact.Name);
        }

        // Exact and simplified names in one round trip (both columns are indexed); an exact match wins.
        var simplified = Simplified(allNames);
        var named = await database.TargetNames
            .Where(each => (allNames.Contains(each.Name) || simplified.Contains(each.Simplified)) && each.TargetId != exceptTargetId)
            .Join(database.Targets, each => each.TargetId, target => target.Id, (each, target) => new { each.Name, TargetId = target.Id, TargetName = target.Name })
            .ToListAsync(cancellationToken);
        if (named.FirstOrDefault(each => allNames.Contains(each.Name)) is { } same)
        {
            return new TargetAlreadyExists(name, same.TargetId, same.TargetName, same.Name);
        }

        if (named.FirstOrDefault() is { } similar)
        {
            return new TargetAlreadyExists(name, similar.TargetId, similar.TargetName, similar.Name, DuplicateKind.SimilarName);
        }

        return await FindNearAsync(database, name, draft, radiusArcsec, exceptTargetId, cancellationToken);
    }

    private static List<string> Simplified(IEnumerable<string> names) =>
        [.. names.Select(TargetNameRules.Simplify).Where(each => each.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>A target with the same simplified name, or the nearest within the radius.</summary>
    public static async Task<TargetAlreadyExists?> FindLikeAsync(
        TomDbContext database, string name, IReadOnlyList<string> names, TargetDraft draft, double radiusArcsec, long? exceptTargetId, CancellationToken cancellationToken)
    {
        var simplified = Simplified(names);
        if (simplified.Count > 0)
        {
            var similar = await database.TargetNames
                .Where(each => simplified.Contains(each.Simplified) && each.TargetId != exceptTargetId)
                .Join(database.Targets, each => each.TargetId, target => target.Id, (each, target) => new { each.Name, TargetId = target.Id, TargetName = target.Name })
                .FirstOrDefaultAsync(cancellationToken);
            if (similar is not null)
            {
                return new TargetAlreadyExists(name, similar.TargetId, similar.TargetName, similar.Name, DuplicateKind.SimilarName);
            }
        }

        return await FindNearAsync(database, name, draft, radiusArcsec, exceptTargetId, cancellationToken);
    }

    private static async Task<TargetAlreadyExists?> FindNearAsync(
        TomDbContext database, string name, TargetDraft draft, double radiusArcsec, long? exceptTargetId, CancellationToken cancellationToken)
    {
        if (draft.Type != TargetType.Sidereal || draft.Ra is not { } ra || draft.Dec is not { } dec || radiusArcsec <= 0)
        {
            return null;
        }

        var others = exceptTargetId is { } except ? database.Targets.AsNoTracking().Where(target => target.Id != except) : database.Targets.AsNoTracking();
        var nearest = (await ConeSearch.FindAsync(others, ra, dec, radiusArcsec, cancellationToken)).FirstOrDefault();
        return nearest is null ? null : new TargetAlreadyExists(name, nearest.Id, nearest.Name, nearest.Name, DuplicateKind.Position, nearest.SeparationArcsec);
    }
}
