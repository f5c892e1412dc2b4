using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>
/// Finds the existing target a draft would duplicate: same name or alias, same simplified name, or within the
/// duplicate radius on the sky (through the sky index, never a full scan). Runs inside the writer's transaction.
/// </summary>
internal static class DuplicateFinder
{
    public static async Task<TargetAlreadyExists?> FindAsync(
        TomDbContext database, string name, IReadOnlyList<string> allNames, TargetDraft draft, double radiusArcsec, bool namesOnly, CancellationToken cancellationToken)
    {
        var exact = await database.TargetNames
            .Where(each => allNames.Contains(each.Name))
            .Join(database.Targets, each => each.TargetId, target => target.Id, (each, target) => new { each.Name, TargetId = target.Id, TargetName = target.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (exact is not null)
        {
            return new TargetAlreadyExists(name, exact.TargetId, exact.TargetName, exact.Name);
        }

        if (namesOnly)
        {
            return null;
        }

        var simplified = allNames.Select(TargetNameRules.Simplify).Where(each => each.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var similar = await database.TargetNames
            .Where(each => simplified.Contains(each.Simplified))
            .Join(database.Targets, each => each.TargetId, target => target.Id, (each, target) => new { each.Name, TargetId = target.Id, TargetName = target.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (similar is not null)
        {
            return new TargetAlreadyExists(name, similar.TargetId, similar.TargetName, similar.Name, DuplicateKind.SimilarName);
        }

        if (draft.Type != TargetType.Sidereal || draft.Ra is not { } ra || draft.Dec is not { } dec || radiusArcsec <= 0)
        {
            return null;
        }

        var nearest = (await ConeAsync(database.Targets.AsNoTracking(), ra, dec, radiusArcsec, cancellationToken)).FirstOrDefault();
        return nearest is null ? null : new TargetAlreadyExists(name, nearest.Id, nearest.Name, nearest.Name, DuplicateKind.Position, nearest.SeparationArcsec);
    }

    /// <summary>Targets within the radius, nearest first: the sky index narrows, true separation decides.</summary>
    public static async Task<List<ConeMatch>> ConeAsync(IQueryable<Target> targets, double ra, double dec, double radiusArcsec, CancellationToken cancellationToken)
    {
        var candidates = await InCone(targets, ra, dec, radiusArcsec)
            .Select(target => new { target.Id, target.Name, target.Ra, target.Dec })
            .ToListAsync(cancellationToken);
        return [.. candidates
            .Select(candidate => new ConeMatch(candidate.Id, candidate.Name, SkyPosition.SeparationArcsec(ra, dec, candidate.Ra!.Value, candidate.Dec!.Value)))
            .Where(match => match.SeparationArcsec <= radiusArcsec)
            .OrderBy(match => match.SeparationArcsec)];
    }

    /// <summary>The sky-index prefilter of a cone, as a query the database answers from the (zone, RA) index.</summary>
    public static IQueryable<Target> InCone(IQueryable<Target> targets, double ra, double dec, double radiusArcsec)
    {
        var cone = SkyZones.Cone(ra, dec, radiusArcsec / SkyPosition.ArcsecondsPerDegree);
        var zones = cone.Zones.Select(zone => (int?)zone).ToList();
        var (from1, to1) = cone.RaRanges[0];
        var (from2, to2) = cone.RaRanges.Count > 1 ? cone.RaRanges[1] : cone.RaRanges[0];
        return targets.Where(target => zones.Contains(target.SkyZone) && target.Ra != null && target.Dec != null
            && ((target.Ra >= from1 && target.Ra <= to1) || (target.Ra >= from2 && target.Ra <= to2)));
    }
}

public sealed record ConeMatch(long Id, string Name, double SeparationArcsec);
