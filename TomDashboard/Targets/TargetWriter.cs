using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>
/// The one place that creates targets: for the Create target button, bulk creation, CSV import and stream handlers
/// alike. A draft that matches an existing target (same name or alias, similar name, or within the duplicate radius)
/// is not created; the caller offers to open it, merge into it, or create anyway with a reason. The check and the
/// insert share one transaction, and the unique name index settles what is left of a race.
/// </summary>
public sealed class TargetWriter(
    IDbContextFactory<TomDbContext> databases,
    TimeProvider time,
    ILogger<TargetWriter> logger,
    IOptions<TargetOptions>? options = null)
{
    private readonly double _radiusArcsec = (options?.Value ?? new TargetOptions()).DuplicateRadiusArcsec;

    /// <summary>Creates the target an alert of <paramref name="broker"/> becomes, then imports the broker's photometry.</summary>
    public async Task<TargetCreation> CreateFromAlertAsync(IBroker broker, GenericAlert alert, CancellationToken cancellationToken, string? createAnywayReason = null)
    {
        if (DraftOf(broker, alert) is not { } draft)
        {
            return new TargetRejected(alert.Name, $"{broker.Name} could not read this alert.");
        }

        var creation = createAnywayReason is null ? await CreateAsync(draft, cancellationToken) : await CreateAnywayAsync(draft, createAnywayReason, cancellationToken);
        if (creation is not TargetCreated created)
        {
            return creation;
        }

        try
        {
            var imported = await ImportPhotometryAsync(created.TargetId, broker.FetchPhotometryAsync(draft.ToReference(), cancellationToken), cancellationToken);
            return created with { PhotometryCount = imported };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Importing photometry for {Target} from {Broker} failed", created.Name, broker.Name);
            return created with { PhotometryProblem = BrokerFailure.Describe(broker.Name, exception) };
        }
    }

    /// <summary>Creates a target and stores the photometry that came with it (a stream packet's light curve).</summary>
    public async Task<TargetCreation> CreateWithPhotometryAsync(
        TargetDraft draft, IReadOnlyList<PhotometryPoint> photometry, CancellationToken cancellationToken, string? createAnywayReason = null)
    {
        ArgumentNullException.ThrowIfNull(photometry);
        var creation = createAnywayReason is null ? await CreateAsync(draft, cancellationToken) : await CreateAnywayAsync(draft, createAnywayReason, cancellationToken);
        if (creation is TargetCreated created && photometry.Count > 0)
        {
            return created with { PhotometryCount = await ImportPhotometryAsync(created.TargetId, photometry.ToAsyncEnumerable(), cancellationToken) };
        }

        return creation;
    }

    /// <summary>Creates the target unless it matches an existing one (name, similar name, or position).</summary>
    public Task<TargetCreation> CreateAsync(TargetDraft draft, CancellationToken cancellationToken) =>
        CreateCheckedAsync(draft, duplicateReason: null, cancellationToken);

    /// <summary>
    /// Creates the target although it is near or like an existing one, because someone chose to; the reason is kept.
    /// An exact name or alias of another target is still refused: names stay unique.
    /// </summary>
    public Task<TargetCreation> CreateAnywayAsync(TargetDraft draft, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return CreateCheckedAsync(draft, reason.Trim(), cancellationToken);
    }

    private async Task<TargetCreation> CreateCheckedAsync(TargetDraft draft, string? duplicateReason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var name = draft.Name?.Trim() ?? "";
        var aliases = CleanAliases(draft.Aliases, name);
        if (Check(name, aliases, draft) is { } reason)
        {
            return new TargetRejected(name, reason);
        }

        var allNames = aliases.Prepend(name).ToList();
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        try
        {
            // One transaction for the check and the insert: on SQLite it takes the write lock at once, so a
            // concurrent creation of the same object waits, then finds this one.
            await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
            if (await DuplicateFinder.FindAsync(database, name, allNames, draft, _radiusArcsec, namesOnly: duplicateReason is not null, cancellationToken) is { } existing)
            {
                return existing;
            }

            var now = time.GetUtcNow();
            var target = new Target
            {
                Name = name,
                Type = draft.Type,
                Ra = draft.Ra,
                Dec = draft.Dec,
                Epoch = draft.Epoch,
                Created = now,
                Modified = now,
                SourceBroker = draft.SourceBroker,
                SourceAlertId = draft.SourceAlertId,
                DuplicateReason = duplicateReason,
                Names = [.. allNames.Select((each, index) => new TargetName { Name = each, Kind = index == 0 ? TargetNameKind.Primary : TargetNameKind.Alias })],
                Extras = [.. draft.Extras.Select(extra => new TargetExtra { Key = extra.Key, Value = extra.Value })],
            };
            database.Targets.Add(target);
            await database.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Created target {Target} ({TargetId}) from {Source}", name, target.Id, draft.SourceBroker ?? "a draft");
            return new TargetCreated(target.Id, name);
        }
        catch (DbUpdateException conflict)
        {
            // Another writer saved one of these names first (another database, or a provider without the lock).
            await using var again = await databases.CreateDbContextAsync(cancellationToken);
            if (await DuplicateFinder.FindAsync(again, name, allNames, draft, _radiusArcsec, namesOnly: true, cancellationToken) is { } winner)
            {
                return winner;
            }

            logger.LogError(conflict, "Saving target {Target} failed", name);
            return new TargetRejected(name, "the database refused it. See the log for details.");
        }
    }

    /// <summary>
    /// Merges a draft into an existing target: its name and aliases become aliases (unless another target has them),
    /// extra fields the target lacks are added, and the photometry is imported.
    /// </summary>
    public async Task<TargetCreation> MergeAsync(long targetId, TargetDraft draft, IAsyncEnumerable<PhotometryPoint> photometry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(photometry);
        var name = draft.Name?.Trim() ?? "";
        var incoming = CleanAliases(draft.Aliases, name).Prepend(name).Where(each => each.Length is > 0 and <= Target.NameMaxLength).ToList();
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var target = await database.Targets.Include(each => each.Names).Include(each => each.Extras)
            .FirstOrDefaultAsync(each => each.Id == targetId, cancellationToken);
        if (target is null)
        {
            return new TargetRejected(name, $"the target to merge into (id {targetId}) no longer exists.");
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
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException conflict)
        {
            logger.LogWarning(conflict, "Merging {Name} into {Target} lost a race for a name", name, target.Name);
            return new TargetRejected(name, "one of its names was given to another target meanwhile; try again.");
        }

        var points = await ImportPhotometryAsync(targetId, photometry, cancellationToken);
        logger.LogInformation("Merged {Name} into target {Target} ({TargetId})", name, target.Name, targetId);
        return new TargetMerged(name, targetId, target.Name, added, extras.Count, points, taken);
    }

    /// <summary>Merges the target an alert of <paramref name="broker"/> becomes into an existing target, with the broker's photometry.</summary>
    public async Task<TargetCreation> MergeFromAlertAsync(IBroker broker, GenericAlert alert, long targetId, CancellationToken cancellationToken)
    {
        if (DraftOf(broker, alert) is not { } draft)
        {
            return new TargetRejected(alert.Name, $"{broker.Name} could not read this alert.");
        }

        try
        {
            return await MergeAsync(targetId, draft, broker.FetchPhotometryAsync(draft.ToReference(), cancellationToken), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Photometry for merging {Alert} from {Broker} failed", alert.Name, broker.Name);
            return await MergeAsync(targetId, draft, AsyncEnumerable.Empty<PhotometryPoint>(), cancellationToken);
        }
    }

    /// <summary>Keeps an alert's cutouts with the target; a newer alert's stamps replace older ones.</summary>
    public async Task StoreCutoutsAsync(long targetId, string? alertId, AlertCutouts? cutouts, CancellationToken cancellationToken)
    {
        if (cutouts is null || cutouts.IsEmpty)
        {
            return;
        }

        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var stored = await database.TargetCutouts.Where(cutout => cutout.TargetId == targetId).ToListAsync(cancellationToken);
        foreach (var (kind, fits) in new[] { (CutoutKind.Science, cutouts.Science), (CutoutKind.Template, cutouts.Template), (CutoutKind.Difference, cutouts.Difference) })
        {
            if (fits is null)
            {
                continue;
            }

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

        await database.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The target a broker makes of an alert; null (logged) when the alert's raw data cannot be read.</summary>
    private TargetDraft? DraftOf(IBroker broker, GenericAlert alert)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(alert);
        try
        {
            return broker.ToTarget(alert);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "{Broker} could not turn alert {AlertId} into a target", broker.Name, alert.Id);
            return null;
        }
    }

    private static List<string> CleanAliases(IEnumerable<string> aliases, string name) => [.. aliases
        .Select(alias => alias.Trim())
        .Where(alias => alias.Length > 0 && alias != name)
        .Distinct(StringComparer.Ordinal)];

    /// <summary>Adds photometry to a target; a point already stored (same band and time) is updated, not repeated.</summary>
    public async Task<int> ImportPhotometryAsync(long targetId, IAsyncEnumerable<PhotometryPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        var incoming = new Dictionary<(string Band, DateTimeOffset Timestamp), PhotometryPoint>();
        await foreach (var point in points.WithCancellation(cancellationToken))
        {
            incoming[(point.Band, point.Timestamp)] = point;
        }

        if (incoming.Count == 0)
        {
            return 0;
        }

        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var stored = await database.Photometry.Where(point => point.TargetId == targetId).ToListAsync(cancellationToken);
        var byKey = stored.ToDictionary(point => (point.Band, point.Timestamp));
        foreach (var (key, point) in incoming)
        {
            if (!byKey.TryGetValue(key, out var row))
            {
                row = new Photometry { TargetId = targetId, Band = point.Band, Timestamp = point.Timestamp, Source = point.Source };
                database.Photometry.Add(row);
            }

            row.Magnitude = point.Magnitude;
            row.MagnitudeError = point.MagnitudeError;
            row.Limit = point.Limit;
            row.Source = point.Source;
        }

        await database.SaveChangesAsync(cancellationToken);
        return incoming.Count;
    }

    private static string? Check(string name, List<string> aliases, TargetDraft draft)
    {
        if (name.Length == 0)
        {
            return "a target needs a name.";
        }

        if (name.Length > Target.NameMaxLength || aliases.Any(alias => alias.Length > Target.NameMaxLength))
        {
            return $"names are limited to {Target.NameMaxLength} characters.";
        }

        if (draft.Type == TargetType.Sidereal)
        {
            if (draft.Ra is not { } ra || draft.Dec is not { } dec)
            {
                return "a sidereal target needs RA and Dec.";
            }

            if (!double.IsFinite(ra) || ra < 0 || ra >= 360)
            {
                return $"RA {ra} is outside 0 to 360 degrees.";
            }

            if (!double.IsFinite(dec) || dec < -90 || dec > 90)
            {
                return $"Dec {dec} is outside -90 to +90 degrees.";
            }
        }

        return null;
    }
}
