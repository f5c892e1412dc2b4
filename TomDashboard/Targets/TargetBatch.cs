using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>
/// A batch of submissions written in one context and one transaction with the checks a single write makes, in the
/// same order, but with one query for every name, one sky-index read for every position and one save: the stored
/// targets they name or lie near are read first, then each submission is matched against those and against the
/// targets the batch itself created or extended before it, so one object still makes one target.
/// </summary>
internal sealed class TargetBatch(TomDbContext database, double radiusArcsec, DateTimeOffset now)
{
    /// <summary>Names per IN list; well within every provider's parameter limit.</summary>
    private const int NamesPerQuery = 500;

    /// <summary>A target the batch may match: a stored one (loaded when something merges into it) or one it creates.</summary>
    private sealed class Known(long storedId, string name)
    {
        public long StoredId { get; } = storedId;

        public string Name { get; } = name;

        public Target? Entity { get; set; }

        /// <summary>A created target's photometry, cutouts, names and extras, inserted in bulk once it has its id.</summary>
        public List<Photometry>? NewPoints { get; init; }

        public List<TargetCutout>? NewCutouts { get; init; }

        public List<TargetName>? NewNames { get; init; }

        public List<TargetExtra>? NewExtras { get; init; }

        /// <summary>Its photometry by band and time, once a merge needs it.</summary>
        public Dictionary<(string Band, DateTimeOffset Timestamp), Photometry>? PointsByKey { get; set; }

        public long Id => Entity?.Id is > 0 and var id ? id : StoredId;
    }

    private readonly Dictionary<long, Known> _stored = [];
    private readonly List<Known> _created = [];
    private readonly Dictionary<string, (Known Target, string Name)> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Known Target, string Name)> _bySimplified = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<(Known Target, double Ra, double Dec)>> _byZone = [];

    /// <summary>
    /// Each submission's outcome, in order (null where <paramref name="refused"/> already has one), once saved; a
    /// duplicate is refused (<paramref name="merge"/> false) or merged into its match.
    /// </summary>
    public async Task<TargetCreation[]> WriteAsync(
        IReadOnlyList<TargetSubmission> submissions, IReadOnlyList<TargetRejected?> refused, bool merge, Func<TargetSubmission, IReadOnlyList<string>, Target> newTarget,
        CancellationToken cancellationToken)
    {
        var valid = Enumerable.Range(0, submissions.Count).Where(index => refused[index] is null).ToList();
        var names = valid.ToDictionary(index => index, index => TargetWriter.AllNames(submissions[index].Draft));
        await ReadStoredNamesAsync(names.Values.SelectMany(each => each), cancellationToken);
        await ReadStoredPositionsAsync(valid.Select(index => submissions[index].Draft), cancellationToken);
        if (merge)
        {
            await LoadStoredForMergeAsync(valid.Select(index => (submissions[index], names[index])), cancellationToken);
        }

        var outcomes = new Func<TargetCreation>[submissions.Count];
        foreach (var index in Enumerable.Range(0, submissions.Count))
        {
            if (refused[index] is { } rejected)
            {
                outcomes[index] = () => rejected;
                continue;
            }

            var submission = submissions[index];
            var allNames = names[index];
            var name = allNames[0];
            if (Match(submission.Draft, allNames) is not { } match)
            {
                var target = newTarget(submission, allNames);
                // Its points, stamps, names and extras are most of the rows: kept out of the change tracker (each
                // tracked row costs a statement of its own), inserted in bulk with prepared statements after.
                var created = new Known(0, name) { Entity = target, NewPoints = target.Photometry, NewCutouts = target.Cutouts, NewNames = target.Names, NewExtras = target.Extras };
                Remember(created, target);
                (target.Photometry, target.Cutouts, target.Names, target.Extras) = ([], [], [], []);
                _created.Add(created);
                var points = created.NewPoints.Count;
                outcomes[index] = () => new TargetCreated(target.Id, name, points);
                continue;
            }

            var (known, matched, kind, separation) = match;
            outcomes[index] = merge
                ? MergeInto(known, submission, allNames)
                : () => new TargetAlreadyExists(name, known.Id, known.Name, matched, kind, separation);
        }

        // The merges into stored targets, then the new targets (not tracked: one prepared statement for them all).
        await database.SaveChangesAsync(cancellationToken);
        var newTargets = _created.Select(created => created.Entity!).ToList();
        newTargets.ForEach(target => target.SkyZone = target.Dec is { } dec ? SkyZones.ZoneOf(dec) : null);
        await BulkInsert.InsertReturningKeysAsync(database, newTargets, cancellationToken);
        foreach (var created in _created)
        {
            created.Entity!.Shares.ForEach(share => share.TargetId = created.Id);
            created.NewPoints!.ForEach(point => point.TargetId = created.Id);
            created.NewCutouts!.ForEach(cutout => cutout.TargetId = created.Id);
            created.NewNames!.ForEach(each => (each.TargetId, each.Simplified) = (created.Id, TargetNameRules.Simplify(each.Name)));
            created.NewExtras!.ForEach(extra => extra.TargetId = created.Id);
        }

        await BulkInsert.InsertAsync(database, [.. _created.SelectMany(created => created.Entity!.Shares)], cancellationToken);
        await BulkInsert.InsertAsync(database, [.. _created.SelectMany(created => created.NewNames!)], cancellationToken);
        await BulkInsert.InsertAsync(database, [.. _created.SelectMany(created => created.NewExtras!)], cancellationToken);
        await BulkInsert.InsertAsync(database, [.. _created.SelectMany(created => created.NewPoints!)], cancellationToken);
        await BulkInsert.InsertAsync(database, [.. _created.SelectMany(created => created.NewCutouts!)], cancellationToken);
        return [.. outcomes.Select(outcome => outcome())];
    }

    /// <summary>Every stored name or alias equal to, or simplifying like, a name in the batch, with its target.</summary>
    private async Task ReadStoredNamesAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var exact = names.Distinct(StringComparer.Ordinal).ToList();
        var simplified = exact.Select(TargetNameRules.Simplify).Where(each => each.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var chunks = Math.Max((exact.Count + NamesPerQuery - 1) / NamesPerQuery, (simplified.Count + NamesPerQuery - 1) / NamesPerQuery);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var someNames = exact.Skip(chunk * NamesPerQuery).Take(NamesPerQuery).ToList();
            var someSimplified = simplified.Skip(chunk * NamesPerQuery).Take(NamesPerQuery).ToList();
            // One array parameter per list (json_each on SQLite), not one parameter per name: 5× faster to bind and plan.
            var rows = await database.TargetNames.AsNoTracking()
                .Where(each => EF.Parameter(someNames).Contains(each.Name) || EF.Parameter(someSimplified).Contains(each.Simplified))
                .Join(database.Targets, each => each.TargetId, target => target.Id, (each, target) => new { each.Name, each.Simplified, TargetId = target.Id, TargetName = target.Name })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var known = StoredTarget(row.TargetId, row.TargetName);
                _byName[row.Name] = (known, row.Name);
                _bySimplified.TryAdd(row.Simplified, (known, row.Name));
            }
        }
    }

    /// <summary>Every stored target within the duplicate radius of a position in the batch, through the sky index.</summary>
    private async Task ReadStoredPositionsAsync(IEnumerable<TargetDraft> drafts, CancellationToken cancellationToken)
    {
        if (radiusArcsec <= 0)
        {
            return;
        }

        var positions = drafts.Where(HasPosition).Select(draft => (draft.Ra!.Value, draft.Dec!.Value)).ToList();
        foreach (var candidate in await ConeSearch.CandidatesAsync(database, positions, radiusArcsec, cancellationToken))
        {
            AddPosition(StoredTarget(candidate.Id, candidate.Name), candidate.Ra, candidate.Dec);
        }
    }

    /// <summary>
    /// The stored targets a submission could merge into (by name or position), tracked with their names, extras,
    /// photometry and cutouts, in one query each; a later match by another route loads nothing more.
    /// </summary>
    private async Task LoadStoredForMergeAsync(IEnumerable<(TargetSubmission Submission, List<string> Names)> submissions, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        var checkShares = false;
        var withPoints = new HashSet<long>();
        var withCutouts = new HashSet<long>();
        foreach (var (submission, names) in submissions)
        {
            if (Match(submission.Draft, names) is not { Target: var known } || known.Entity is not null)
            {
                continue;
            }

            ids.Add(known.StoredId);
            checkShares |= !submission.By.SeesEverything;
            if (submission.Photometry.Count > 0)
            {
                withPoints.Add(known.StoredId);
            }

            if (submission.Cutouts is { IsEmpty: false })
            {
                withCutouts.Add(known.StoredId);
            }
        }

        foreach (var chunk in ids.Chunk(NamesPerQuery))
        {
            var some = chunk.ToList();
            IQueryable<Target> query = database.Targets.Include(each => each.Names).Include(each => each.Extras);
            // Shares decide who may merge; the app's own work may always, and saves the query.
            foreach (var target in await (checkShares ? query.Include(each => each.Shares) : query).AsSplitQuery()
                .Where(each => some.Contains(each.Id)).ToListAsync(cancellationToken))
            {
                _stored[target.Id].Entity = target;
            }
        }

        // Tracked: the context's fix-up puts them in each target's Photometry and Cutouts.
        foreach (var chunk in withPoints.Chunk(NamesPerQuery))
        {
            var some = chunk.ToList();
            await database.Photometry.Where(point => some.Contains(point.TargetId)).LoadAsync(cancellationToken);
        }

        foreach (var chunk in withCutouts.Chunk(NamesPerQuery))
        {
            var some = chunk.ToList();
            await database.TargetCutouts.Where(cutout => some.Contains(cutout.TargetId)).LoadAsync(cancellationToken);
        }
    }

    private Known StoredTarget(long id, string name)
    {
        if (!_stored.TryGetValue(id, out var known))
        {
            _stored[id] = known = new Known(id, name);
        }

        return known;
    }

    /// <summary>The duplicate rules in their order: an exact name, then a similar name, then the nearest within the radius.</summary>
    private (Known Target, string MatchedName, DuplicateKind Kind, double? SeparationArcsec)? Match(TargetDraft draft, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (_byName.TryGetValue(name, out var same))
            {
                return (same.Target, same.Name, DuplicateKind.Name, null);
            }
        }

        foreach (var name in names)
        {
            if (TargetNameRules.Simplify(name) is { Length: > 0 } simplified && _bySimplified.TryGetValue(simplified, out var similar))
            {
                return (similar.Target, similar.Name, DuplicateKind.SimilarName, null);
            }
        }

        if (!HasPosition(draft) || radiusArcsec <= 0)
        {
            return null;
        }

        var (ra, dec) = (draft.Ra!.Value, draft.Dec!.Value);
        var cone = SkyZones.Cone(ra, dec, radiusArcsec / SkyPosition.ArcsecondsPerDegree);
        (Known Target, double Separation)? nearest = null;
        foreach (var zone in cone.Zones)
        {
            if (!_byZone.TryGetValue(zone, out var here))
            {
                continue;
            }

            foreach (var (known, otherRa, otherDec) in here)
            {
                var separation = SkyPosition.SeparationArcsec(ra, dec, otherRa, otherDec);
                if (separation <= radiusArcsec && (nearest is null || separation < nearest.Value.Separation))
                {
                    nearest = (known, separation);
                }
            }
        }

        return nearest is { } found ? (found.Target, found.Target.Name, DuplicateKind.Position, found.Separation) : null;
    }

    private static bool HasPosition(TargetDraft draft) => draft.Type == TargetType.Sidereal && draft.Ra is not null && draft.Dec is not null;

    /// <summary>A target the batch created: its names and position are matched by the submissions after it.</summary>
    private void Remember(Known known, Target target)
    {
        foreach (var each in target.Names)
        {
            RememberName(known, each.Name);
        }

        if (target.Ra is { } ra && target.Dec is { } dec)
        {
            AddPosition(known, ra, dec);
        }
    }

    private void RememberName(Known known, string name)
    {
        _byName[name] = (known, name);
        _bySimplified.TryAdd(TargetNameRules.Simplify(name), (known, name));
    }

    private void AddPosition(Known known, double ra, double dec)
    {
        var zone = SkyZones.ZoneOf(dec);
        if (!_byZone.TryGetValue(zone, out var here))
        {
            _byZone[zone] = here = [];
        }

        here.Add((known, ra, dec));
    }

    /// <summary>What a single merge does, on the tracked target: new names as aliases, missing extras, photometry, cutouts.</summary>
    private Func<TargetCreation> MergeInto(Known known, TargetSubmission submission, List<string> allNames)
    {
        var draft = submission.Draft;
        var name = allNames[0];
        if (known.Entity is not { } target || !TargetAccess.Sees(submission.By, target))
        {
            var gone = new TargetRejected(name, known.Entity is null ? $"the target to merge into (id {known.StoredId}) no longer exists." : TargetAccess.TakenByHiddenTarget);
            return () => gone;
        }

        if (!TargetAccess.Changes(submission.By, target))
        {
            var refused = new TargetRejected(name, $"merging into {target.Name} needs the right to change it; ask its owner to share it with the streams' group.");
            return () => refused;
        }

        var incoming = allNames.Where(each => each.Length is > 0 and <= Target.NameMaxLength).ToList();
        var names = known.NewNames ?? target.Names;
        var own = names.Select(each => each.Name).ToHashSet(StringComparer.Ordinal);
        var taken = incoming.Where(each => !own.Contains(each) && _byName.TryGetValue(each, out var holder) && holder.Target != known).ToList();
        var added = incoming.Where(each => !own.Contains(each) && !taken.Contains(each)).ToList();
        foreach (var alias in added)
        {
            names.Add(new TargetName { Name = alias, Kind = TargetNameKind.Alias });
            RememberName(known, alias);
        }

        var storedExtras = known.NewExtras ?? target.Extras;
        var keys = storedExtras.Select(extra => extra.Key).ToHashSet(StringComparer.Ordinal);
        var extras = draft.Extras.Where(extra => !keys.Contains(extra.Key)).ToList();
        storedExtras.AddRange(extras.Select(extra => new TargetExtra { Key = extra.Key, Value = extra.Value }));
        target.Modified = now;
        KeepCutouts(known.NewCutouts ?? target.Cutouts, submission);
        var points = KeepPhotometry(known, target, submission.Photometry);
        return () => new TargetMerged(name, known.Id, target.Name, added, extras.Count, points, taken);
    }

    private void KeepCutouts(List<TargetCutout> cutouts, TargetSubmission submission)
    {
        foreach (var (kind, fits) in TargetWriter.Stamps(submission.Cutouts))
        {
            if (cutouts.FirstOrDefault(cutout => cutout.Kind == kind) is { } row)
            {
                (row.Fits, row.SourceAlertId, row.Added) = (fits, submission.Draft.SourceAlertId, now);
            }
            else
            {
                cutouts.Add(new TargetCutout { Kind = kind, Fits = fits, SourceAlertId = submission.Draft.SourceAlertId, Added = now });
            }
        }
    }

    private static int KeepPhotometry(Known known, Target target, IReadOnlyList<PhotometryPoint> points)
    {
        if (points.Count == 0)
        {
            return 0;
        }

        var stored = known.NewPoints ?? target.Photometry;
        known.PointsByKey ??= stored.ToDictionary(point => (point.Band, point.Timestamp));
        var incoming = TargetWriter.Distinct(points);
        foreach (var (key, point) in incoming)
        {
            if (known.PointsByKey.TryGetValue(key, out var row))
            {
                (row.Magnitude, row.MagnitudeError, row.Limit, row.Source) = (point.Magnitude, point.MagnitudeError, point.Limit, point.Source);
                continue;
            }

            var added = TargetWriter.ToRow(point);
            stored.Add(added);
            known.PointsByKey[key] = added;
        }

        return incoming.Count;
    }
}
