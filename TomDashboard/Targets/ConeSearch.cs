using Microsoft.EntityFrameworkCore;
using TomDashboard.Astronomy;

namespace TomDashboard.Targets;

/// <summary>
/// The one cone search over targets, for the duplicate check and the targets page alike: the sky index (declination
/// zones with an indexed RA) narrows in the database, the true angular separation decides.
/// </summary>
public static class ConeSearch
{
    /// <summary>Targets within the radius, nearest first.</summary>
    public static async Task<List<ConeMatch>> FindAsync(IQueryable<Target> targets, double ra, double dec, double radiusArcsec, CancellationToken cancellationToken)
    {
        var candidates = await Candidates(targets, ra, dec, radiusArcsec)
            .Select(target => new { target.Id, target.Name, target.Ra, target.Dec })
            .ToListAsync(cancellationToken);
        return [.. candidates
            .Select(candidate => new ConeMatch(candidate.Id, candidate.Name, SkyPosition.SeparationArcsec(ra, dec, candidate.Ra!.Value, candidate.Dec!.Value)))
            .Where(match => match.SeparationArcsec <= radiusArcsec)
            .OrderBy(match => match.SeparationArcsec)];
    }

    /// <summary>The sky-index prefilter of a cone, as a query the database answers from the (zone, RA) index.</summary>
    public static IQueryable<Target> Candidates(IQueryable<Target> targets, double ra, double dec, double radiusArcsec)
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
