using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TomDashboard.Astronomy;
using TomDashboard.Data;

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

    /// <summary>
    /// Every stored target in any of many cones (a batch's duplicate check), read with one prepared statement instead of one query per
    /// cone: the cones' (zone, RA interval) footprints, merged where they overlap, each one indexed range read. A superset
    /// of each cone's targets: the caller decides by the true separation. Runs in the context's current transaction.
    /// </summary>
    public static async Task<List<SkyCandidate>> CandidatesAsync(
        TomDbContext database, IEnumerable<(double Ra, double Dec)> positions, double radiusArcsec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(positions);
        var intervals = Footprint(positions, radiusArcsec / SkyPosition.ArcsecondsPerDegree);
        var found = new List<SkyCandidate>();
        if (intervals.Count == 0)
        {
            return found;
        }

        var sql = database.GetService<ISqlGenerationHelper>();
        var table = database.Model.FindEntityType(typeof(Target))!;
        var store = StoreObjectIdentifier.Table(table.GetTableName()!, table.GetSchema());
        string Column(string property) => sql.DelimitIdentifier(table.FindProperty(property)!.GetColumnName(store)!);
        var select = $"SELECT {Column(nameof(Target.Id))}, {Column(nameof(Target.Name))}, {Column(nameof(Target.Ra))}, {Column(nameof(Target.Dec))} " +
            $"FROM {sql.DelimitIdentifier(store.Name, store.Schema)} WHERE {Column(nameof(Target.SkyZone))} = {{0}} AND {Column(nameof(Target.Ra))} >= {{1}} AND {Column(nameof(Target.Ra))} <= {{2}}";

        var connection = database.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await database.Database.OpenConnectionAsync(cancellationToken);
        }

        // One prepared range read, run once per interval: cheaper than planning a large UNION of them each batch.
        var seen = new HashSet<long>();
        await using var command = connection.CreateCommand();
        command.Transaction = database.Database.CurrentTransaction?.GetDbTransaction();
        var (first, _, _) = intervals[0];
        command.CommandText = string.Format(CultureInfo.InvariantCulture, select, Add(command, sql, "zone", first), Add(command, sql, "from", 0.0), Add(command, sql, "to", 0.0));
        var (zoneValue, fromValue, toValue) = (command.Parameters[0], command.Parameters[1], command.Parameters[2]);
        var prepared = false;
        foreach (var (zone, from, to) in intervals)
        {
            (zoneValue.Value, fromValue.Value, toValue.Value) = (zone, from, to);
            if (!prepared)
            {
                await command.PrepareAsync(cancellationToken);
                prepared = true;
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (seen.Add(id))
                {
                    found.Add(new SkyCandidate(id, reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3)));
                }
            }
        }

        return found;
    }

    /// <summary>The (zone, RA interval) pairs that cover every cone, overlapping intervals of a zone merged.</summary>
    private static List<(int Zone, double From, double To)> Footprint(IEnumerable<(double Ra, double Dec)> positions, double radiusDegrees)
    {
        var byZone = new Dictionary<int, List<(double From, double To)>>();
        foreach (var (ra, dec) in positions)
        {
            var cone = SkyZones.Cone(ra, dec, radiusDegrees);
            foreach (var zone in cone.Zones)
            {
                if (!byZone.TryGetValue(zone, out var ranges))
                {
                    byZone[zone] = ranges = [];
                }

                ranges.AddRange(cone.RaRanges);
            }
        }

        var merged = new List<(int Zone, double From, double To)>();
        foreach (var (zone, ranges) in byZone.OrderBy(pair => pair.Key))
        {
            ranges.Sort();
            var (from, to) = ranges[0];
            foreach (var (nextFrom, nextTo) in ranges.Skip(1))
            {
                if (nextFrom <= to)
                {
                    to = Math.Max(to, nextTo);
                    continue;
                }

                merged.Add((zone, from, to));
                (from, to) = (nextFrom, nextTo);
            }

            merged.Add((zone, from, to));
        }

        return merged;
    }

    private static string Add(DbCommand command, ISqlGenerationHelper sql, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = sql.GenerateParameterName(name);
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return sql.GenerateParameterNamePlaceholder(name);
    }
}

public sealed record ConeMatch(long Id, string Name, double SeparationArcsec);

/// <summary>A stored target the sky index returned for a cone, before the true separation is tested.</summary>
public sealed record SkyCandidate(long Id, string Name, double Ra, double Dec);
