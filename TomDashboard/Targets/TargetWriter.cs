using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>
/// The one place that creates targets: for the Create target button, bulk creation, add-to-list, CSV import and stream
/// handlers alike, each of which hands over a <see cref="TargetSubmission"/> with a <see cref="DuplicatePolicy"/>. A
/// submission that matches an existing target (same name or alias, similar name, or within the duplicate radius) is
/// refused for the caller to offer, merged, or created anyway, as the policy says. The check and the insert share one
/// transaction, and the unique name index settles what is left of a race.
/// </summary>
public sealed partial class TargetWriter(
    IDbContextFactory<TomDbContext> databases,
    TimeProvider time,
    ILogger<TargetWriter> logger,
    IOptions<TargetOptions>? options = null,
    TargetMetrics? metrics = null)
{
    private readonly double _radiusArcsec = (options?.Value ?? new TargetOptions()).DuplicateRadiusArcsec;
    private readonly TargetVisibility _defaultVisibility = (options?.Value ?? new TargetOptions()).DefaultVisibility;

    /// <summary>Writes one submission: creates its target or merges it, then stores its photometry and cutouts.</summary>
    public async Task<TargetCreation> WriteAsync(TargetSubmission submission, DuplicatePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Kind == DuplicatePolicyKind.MergeInto)
        {
            var merged = await MergeAsync(policy.TargetId!.Value, submission, cancellationToken);
            metrics?.Written([merged]);
            return merged;
        }

        var creation = await CreateCheckedAsync(submission, policy.Kind == DuplicatePolicyKind.CreateAnyway ? policy.Reason : null, cancellationToken);
        var written = creation is TargetAlreadyExists existing && policy.Kind == DuplicatePolicyKind.MergeIntoMatch
            ? await MergeAsync(existing.ExistingTargetId, submission, cancellationToken)
            : await WithFetchedPhotometryAsync(creation, submission, cancellationToken);
        metrics?.Written([written]);
        return written;
    }

    /// <summary>
    /// Writes a stream batch's submissions in one transaction, each merged into the target it matches (those stored and
    /// those written before it in the batch), so a burst costs one commit, not one per alert.
    /// </summary>
    public Task<IReadOnlyList<TargetCreation>> WriteBatchAsync(IReadOnlyList<TargetSubmission> submissions, CancellationToken cancellationToken) =>
        WriteBatchAsync(submissions, DuplicatePolicy.MergeIntoMatch, cancellationToken);

    /// <summary>
    /// Writes many submissions (a stream batch, bulk creation) as <see cref="WriteAsync"/> would one after another, with
    /// the same rules and outcomes, but in one transaction with one name query, one sky-index read and one save for the
    /// lot (<see cref="TargetBatch"/>). A duplicate, of a stored target or of a submission before it, is refused or
    /// merged into its match as the policy says. Should the save meet a conflict (another writer took a name
    /// meanwhile), the submissions are written again one at a time.
    /// </summary>
    public async Task<IReadOnlyList<TargetCreation>> WriteBatchAsync(IReadOnlyList<TargetSubmission> submissions, DuplicatePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(policy);
        var outcomes = new TargetCreation[submissions.Count];
        if (submissions.Count == 0)
        {
            return outcomes;
        }

        if (policy.Kind is not (DuplicatePolicyKind.Refuse or DuplicatePolicyKind.MergeIntoMatch))
        {
            // A chosen target or a reason belongs to one submission, not a batch.
            for (var index = 0; index < submissions.Count; index++)
            {
                outcomes[index] = await WriteAsync(submissions[index], policy, cancellationToken);
            }

            return outcomes;
        }

        try
        {
            await using var database = await databases.CreateDbContextAsync(cancellationToken);
            await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
            var refused = submissions.Select(submission => Refusal(submission.Draft)).ToList();
            await DuplicateLocks.TakeAsync(database, submissions.Where((_, index) => refused[index] is null).Select(submission => submission.Draft), _radiusArcsec, cancellationToken);
            var batch = new TargetBatch(database, _radiusArcsec, time.GetUtcNow());
            var written = await batch.WriteAsync(
                submissions, refused, merge: policy.Kind == DuplicatePolicyKind.MergeIntoMatch, (submission, names) => NewTarget(submission, names, duplicateReason: null), cancellationToken);
            // Before the commit: a cancellation after it would lose the outcomes of rows already saved.
            await HideUnseenAsync(database, written, submissions, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            written.CopyTo(outcomes, 0);
            metrics?.Written(written);
            LogBatchWritten(logger, submissions.Count, written.Count(outcome => outcome is TargetCreated), written.Count(outcome => outcome is TargetMerged));
        }
        catch (Exception conflict) when (conflict is DbUpdateException or System.Data.Common.DbException)
        {
            // EF's save raises DbUpdateException; the bulk inserts after it, the provider's own DbException.
            LogBatchConflict(logger, conflict, submissions.Count);
            for (var index = 0; index < submissions.Count; index++)
            {
                outcomes[index] = await WriteAsync(submissions[index], policy, cancellationToken);
            }

            return outcomes;
        }

        for (var index = 0; index < submissions.Count; index++)
        {
            outcomes[index] = await WithFetchedPhotometryAsync(outcomes[index], submissions[index], cancellationToken);
        }

        return outcomes;
    }

    /// <summary>
    /// The duplicate check, the target, its cutouts and the photometry that came with it, in one transaction (one
    /// commit, so one flush to disk).
    /// </summary>
    private async Task<TargetCreation> CreateCheckedAsync(TargetSubmission submission, string? duplicateReason, CancellationToken cancellationToken)
    {
        if (Refusal(submission.Draft) is { } refused)
        {
            return refused;
        }

        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        try
        {
            // One transaction for the check and the insert: on SQLite it takes the write lock at once, on PostgreSQL
            // the object's sky zones and names are locked, so a concurrent creation of the same object waits, then finds this one.
            await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
            await DuplicateLocks.TakeAsync(database, [submission.Draft], _radiusArcsec, cancellationToken);
            var creation = await CreateInAsync(database, submission, duplicateReason, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return creation;
        }
        catch (DbUpdateException conflict)
        {
            // Another writer saved one of these names first (another database, or a provider without the lock).
            var draft = submission.Draft;
            var name = draft.Name.Trim();
            await using var again = await databases.CreateDbContextAsync(cancellationToken);
            if (await DuplicateFinder.FindAsync(again, name, AllNames(draft), draft, _radiusArcsec, namesOnly: true, cancellationToken) is { } winner)
            {
                return await HideUnseenAsync(again, winner, submission.By, cancellationToken);
            }

            LogSaveFailed(logger, conflict, name);
            return new TargetRejected(name, "the database refused it. See the log for details.");
        }
    }

    /// <summary>What the rules refuse before any database work; null when the draft may be written.</summary>
    private static TargetRejected? Refusal(TargetDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var name = draft.Name?.Trim() ?? "";
        return TargetRules.FirstProblem(name, CleanAliases(draft.Aliases, name), draft) is { } reason ? new TargetRejected(name, reason) : null;
    }

    /// <summary>A valid draft's trimmed name, then its distinct aliases.</summary>
    internal static List<string> AllNames(TargetDraft draft)
    {
        var name = draft.Name.Trim();
        return [.. CleanAliases(draft.Aliases, name).Prepend(name)];
    }

    /// <summary>The check and the insert in the caller's transaction: the match it finds, or the target created.</summary>
    private async Task<TargetCreation> CreateInAsync(TomDbContext database, TargetSubmission submission, string? duplicateReason, CancellationToken cancellationToken)
    {
        var draft = submission.Draft;
        var name = draft.Name.Trim();
        var allNames = AllNames(draft);
        if (await DuplicateFinder.FindAsync(database, name, allNames, draft, _radiusArcsec, namesOnly: duplicateReason is not null, cancellationToken) is { } existing)
        {
            return await HideUnseenAsync(database, existing, submission.By, cancellationToken);
        }

        var target = NewTarget(submission, allNames, duplicateReason);
        database.Targets.Add(target);
        await database.SaveChangesAsync(cancellationToken);
        LogCreated(logger, name, target.Id, draft.SourceBroker ?? submission.Source);
        return new TargetCreated(target.Id, name, target.Photometry.Count);
    }

    /// <summary>
    /// Merges a submission into an existing target: its name and aliases become aliases (unless another target has them),
    /// extra fields the target lacks are added, and its photometry and cutouts are stored, in one transaction.
    /// </summary>
    /// <summary>A new target with its names, extras, and the cutouts and photometry that came with it (one save, nothing to look up).</summary>
    private Target NewTarget(TargetSubmission submission, IReadOnlyList<string> allNames, string? duplicateReason)
    {
        var draft = submission.Draft;
        var now = time.GetUtcNow();
        return new Target
        {
            Name = allNames[0],
            Type = draft.Type,
            Ra = draft.Ra,
            Dec = draft.Dec,
            Epoch = draft.Epoch,
            Created = now,
            Modified = now,
            SourceBroker = draft.SourceBroker,
            SourceAlertId = draft.SourceAlertId,
            DuplicateReason = duplicateReason,
            OwnerId = submission.By.SeesEverything ? null : submission.By.UserId,
            // A target of the app's own (no owner) is Open: a private one would be seen by nobody.
            Visibility = submission.By.SeesEverything ? TargetVisibility.Open : submission.Visibility ?? _defaultVisibility,
            Shares = submission.By.SeesEverything ? [] : [.. (submission.ShareWith ?? submission.By.GroupIds).Distinct().Select(group => new TargetShare { GroupId = group })],
            Names = [.. allNames.Select((each, index) => new TargetName { Name = each, Kind = index == 0 ? TargetNameKind.Primary : TargetNameKind.Alias })],
            Extras = [.. draft.Extras.Select(extra => new TargetExtra { Key = extra.Key, Value = extra.Value })],
            Cutouts = NewCutouts(submission),
            Photometry = [.. Distinct(submission.Photometry).Values.Select(point => ToRow(point))],
        };
    }

    private async Task<TargetCreation> MergeAsync(long targetId, TargetSubmission submission, CancellationToken cancellationToken)
    {
        TargetCreation merge;
        await using (var database = await databases.CreateDbContextAsync(cancellationToken))
        {
            try
            {
                await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
                merge = await MergeInAsync(database, targetId, submission, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException conflict)
            {
                LogMergeLostRace(logger, conflict, submission.Draft.Name, targetId);
                return new TargetRejected(submission.Draft.Name.Trim(), "one of its names was given to another target meanwhile; try again.");
            }
        }

        return await WithFetchedPhotometryAsync(merge, submission, cancellationToken);
    }

    private async Task<TargetCreation> MergeInAsync(TomDbContext database, long targetId, TargetSubmission submission, CancellationToken cancellationToken)
    {
        var draft = submission.Draft;
        var name = draft.Name?.Trim() ?? "";
        var incoming = CleanAliases(draft.Aliases, name).Prepend(name).Where(each => each.Length is > 0 and <= Target.NameMaxLength).ToList();
        var target = await database.Targets.Include(each => each.Names).Include(each => each.Extras).Include(each => each.Shares)
            .FirstOrDefaultAsync(each => each.Id == targetId, cancellationToken);
        if (target is null || !TargetAccess.Sees(submission.By, target))
        {
            return new TargetRejected(name, $"the target to merge into (id {targetId}) no longer exists.");
        }

        if (!TargetAccess.Changes(submission.By, target))
        {
            return new TargetRejected(name, $"merging into {target.Name} needs the right to change it; ask its owner to share it with your group.");
        }

        var own = target.Names.Select(each => each.Name).ToHashSet(StringComparer.Ordinal);
        var taken = await database.TargetNames.Where(each => incoming.Contains(each.Name) && each.TargetId != targetId)
            .Select(each => each.Name).ToListAsync(cancellationToken);
        var added = incoming.Where(each => !own.Contains(each) && !taken.Contains(each)).ToList();
        target.Names.AddRange(added.Select(each => new TargetName { Name = each, Kind = TargetNameKind.Alias }));
        var keys = target.Extras.Select(extra => extra.Key).ToHashSet(StringComparer.Ordinal);
        var extras = draft.Extras.Where(extra => !keys.Contains(extra.Key)).ToList();
        target.Extras.AddRange(extras.Select(extra => new TargetExtra { Key = extra.Key, Value = extra.Value }));
        target.Modified = time.GetUtcNow();
        var storedCutouts = submission.Cutouts is { IsEmpty: false }
            ? await database.TargetCutouts.Where(cutout => cutout.TargetId == targetId).ToListAsync(cancellationToken)
            : [];
        AddCutouts(database, targetId, storedCutouts, submission);
        var points = await AddPhotometryAsync(database, targetId, submission.Photometry, cancellationToken);
        await database.SaveChangesAsync(cancellationToken);
        LogMerged(logger, name, target.Name, targetId);
        return new TargetMerged(name, targetId, target.Name, added, extras.Count, points, taken);
    }

    /// <summary>A match the creator may not see is reported without its name, link or position.</summary>
    private static async Task<TargetCreation> HideUnseenAsync(TomDbContext database, TargetCreation outcome, Viewer viewer, CancellationToken cancellationToken)
    {
        if (outcome is not TargetAlreadyExists existing || viewer.SeesEverything)
        {
            return outcome;
        }

        var visible = await database.Targets.AsNoTracking().Where(target => target.Id == existing.ExistingTargetId).Where(TargetAccess.CanSee(viewer)).AnyAsync(cancellationToken);
        return visible ? outcome : new TargetRejected(existing.Name, TargetAccess.TakenByHiddenTarget);
    }

    /// <summary>The same for a batch: one query per creator for the matches they were told of.</summary>
    private static async Task HideUnseenAsync(TomDbContext database, TargetCreation[] outcomes, IReadOnlyList<TargetSubmission> submissions, CancellationToken cancellationToken)
    {
        foreach (var byViewer in Enumerable.Range(0, outcomes.Length)
                     .Where(index => outcomes[index] is TargetAlreadyExists && !submissions[index].By.SeesEverything)
                     .GroupBy(index => submissions[index].By))
        {
            var ids = byViewer.Select(index => ((TargetAlreadyExists)outcomes[index]).ExistingTargetId).Distinct().ToList();
            var visible = (await database.Targets.AsNoTracking().Where(target => ids.Contains(target.Id)).Where(TargetAccess.CanSee(byViewer.Key))
                .Select(target => target.Id).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var index in byViewer)
            {
                var existing = (TargetAlreadyExists)outcomes[index];
                if (!visible.Contains(existing.ExistingTargetId))
                {
                    outcomes[index] = new TargetRejected(existing.Name, TargetAccess.TakenByHiddenTarget);
                }
            }
        }
    }

    private List<TargetCutout> NewCutouts(TargetSubmission submission)
    {
        if (submission.Cutouts is not { IsEmpty: false } cutouts)
        {
            return [];
        }

        var now = time.GetUtcNow();
        return [.. Stamps(cutouts).Select(stamp => new TargetCutout { Kind = stamp.Kind, Fits = stamp.Fits, SourceAlertId = submission.Draft.SourceAlertId, Added = now })];
    }

    /// <summary>The stamps a packet brought, by the kind they are stored as.</summary>
    internal static IEnumerable<(CutoutKind Kind, byte[] Fits)> Stamps(AlertCutouts? cutouts) => cutouts is null ? [] :
        new[] { (CutoutKind.Science, cutouts.Science), (CutoutKind.Template, cutouts.Template), (CutoutKind.Difference, cutouts.Difference) }
            .Where(stamp => stamp.Item2 is not null)
            .Select(stamp => (stamp.Item1, stamp.Item2!));

    /// <summary>Points by band and time, the last given winning, as the stored photometry keys them.</summary>
    internal static Dictionary<(string Band, DateTimeOffset Timestamp), PhotometryPoint> Distinct(IEnumerable<PhotometryPoint> points)
    {
        var byKey = new Dictionary<(string Band, DateTimeOffset Timestamp), PhotometryPoint>();
        foreach (var point in points)
        {
            var stored = Photometry.StoredTime(point.Timestamp);
            byKey[(point.Band, stored)] = point.Timestamp == stored ? point : point with { Timestamp = stored };
        }

        return byKey;
    }

    internal static Photometry ToRow(PhotometryPoint point, long targetId = 0) => new()
    {
        TargetId = targetId,
        Band = point.Band,
        Timestamp = Photometry.StoredTime(point.Timestamp),
        Magnitude = point.Magnitude,
        MagnitudeError = point.MagnitudeError,
        Limit = point.Limit,
        Source = point.Source,
    };

    /// <summary>Keeps a submission's cutouts with the target (in the caller's transaction); a newer alert's stamps replace older ones.</summary>
    private void AddCutouts(TomDbContext database, long targetId, List<TargetCutout> stored, TargetSubmission submission)
    {
        if (submission.Cutouts is not { IsEmpty: false } cutouts)
        {
            return;
        }

        var alertId = submission.Draft.SourceAlertId;
        foreach (var (kind, fits) in Stamps(cutouts))
        {
            var row = stored.FirstOrDefault(cutout => cutout.Kind == kind);
            if (row is null)
            {
                database.TargetCutouts.Add(new TargetCutout { TargetId = targetId, Kind = kind, Fits = fits, SourceAlertId = alertId, Added = time.GetUtcNow() });
            }
            else
            {
                row.Fits = fits;
                row.SourceAlertId = alertId;
                row.Added = time.GetUtcNow();
            }
        }
    }

    /// <summary>
    /// A source's remote photometry, once its target is created or merged and saved; a source that fails (a broker that
    /// is down) leaves the target without it, and the outcome says why.
    /// </summary>
    private async Task<TargetCreation> WithFetchedPhotometryAsync(TargetCreation outcome, TargetSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.FetchPhotometry is not { } fetch || outcome is not (TargetCreated or TargetMerged))
        {
            return outcome;
        }

        var targetId = TargetCreation.TargetIdOf(outcome)!.Value;
        int fetched;
        string? problem = null;
        try
        {
            fetched = await ImportPhotometryAsync(targetId, fetch(cancellationToken), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPhotometryFailed(logger, exception, targetId, submission.Source);
            (fetched, problem) = (0, BrokerFailure.Describe(submission.Source, exception));
        }

        return outcome switch
        {
            TargetCreated created => created with { PhotometryCount = created.PhotometryCount + fetched, PhotometryProblem = problem },
            TargetMerged merged => merged with { PhotometryCount = merged.PhotometryCount + fetched, PhotometryProblem = problem },
            _ => outcome,
        };
    }

    private static List<string> CleanAliases(IEnumerable<string> aliases, string name) => [.. aliases
        .Select(alias => alias.Trim())
        .Where(alias => alias.Length > 0 && alias != name)
        .Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Adds photometry to an existing target (a stream's attach handler, Update broker data); a point already stored
    /// (same band and time) is updated, not repeated.
    /// </summary>
    public async Task<int> ImportPhotometryAsync(long targetId, IAsyncEnumerable<PhotometryPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        var received = new List<PhotometryPoint>();
        await foreach (var point in points.WithCancellation(cancellationToken))
        {
            received.Add(point);
        }

        if (received.Count == 0)
        {
            return 0;
        }

        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var count = await AddPhotometryAsync(database, targetId, received, cancellationToken);
        await database.SaveChangesAsync(cancellationToken);
        return count;
    }

    /// <summary>Adds points to the caller's context; one already stored (same band and time) is updated, not repeated.</summary>
    private static async Task<int> AddPhotometryAsync(TomDbContext database, long targetId, IReadOnlyList<PhotometryPoint> points, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return 0;
        }

        var incoming = Distinct(points);
        var byKey = (await database.Photometry.Where(point => point.TargetId == targetId).ToListAsync(cancellationToken))
            .ToDictionary(point => (point.Band, point.Timestamp));
        foreach (var (key, point) in incoming)
        {
            if (!byKey.TryGetValue(key, out var row))
            {
                database.Photometry.Add(ToRow(point, targetId));
                continue;
            }

            row.Magnitude = point.Magnitude;
            row.MagnitudeError = point.MagnitudeError;
            row.Limit = point.Limit;
            row.Source = point.Source;
        }

        return incoming.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} targets met a conflict; writing them one by one")]
    private static partial void LogBatchConflict(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving target {Target} failed")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merging {Name} into target {TargetId} lost a race for a name")]
    private static partial void LogMergeLostRace(ILogger logger, Exception exception, string name, long targetId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Importing photometry for target {TargetId} from {Source} failed")]
    private static partial void LogPhotometryFailed(ILogger logger, Exception exception, long targetId, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Created target {Target} ({TargetId}) from {Source}")]
    private static partial void LogCreated(ILogger logger, string target, long targetId, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote a batch of {Count} targets: {Created} created, {Merged} merged")]
    private static partial void LogBatchWritten(ILogger logger, int count, int created, int merged);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Merged {Name} into target {Target} ({TargetId})")]
    private static partial void LogMerged(ILogger logger, string name, string target, long targetId);
}
