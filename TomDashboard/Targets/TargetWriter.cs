using Microsoft.EntityFrameworkCore;
using TomDashboard.Brokers;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>
/// The one place that creates targets: for the Create target button, bulk creation and stream handlers alike.
/// Duplicates are found by name and alias; the database's unique index settles races.
/// </summary>
public sealed class TargetWriter(IDbContextFactory<TomDbContext> databases, TimeProvider time, ILogger<TargetWriter> logger)
{
    /// <summary>Creates the target an alert of <paramref name="broker"/> becomes, then imports the broker's photometry.</summary>
    public async Task<TargetCreation> CreateFromAlertAsync(IBroker broker, GenericAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(alert);
        TargetDraft draft;
        try
        {
            draft = broker.ToTarget(alert);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "{Broker} could not turn alert {AlertId} into a target", broker.Name, alert.Id);
            return new TargetRejected(alert.Name, $"{broker.Name} could not read this alert ({exception.Message}).");
        }

        var creation = await CreateAsync(draft, cancellationToken);
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

    /// <summary>Creates each alert's target in turn; one failure never stops the others.</summary>
    public async Task<IReadOnlyList<TargetCreation>> CreateManyFromAlertsAsync(IBroker broker, IEnumerable<GenericAlert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var outcomes = new List<TargetCreation>();
        foreach (var alert in alerts)
        {
            outcomes.Add(await CreateFromAlertAsync(broker, alert, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>Creates a target and stores the photometry that came with it (a stream packet's light curve).</summary>
    public async Task<TargetCreation> CreateWithPhotometryAsync(TargetDraft draft, IReadOnlyList<PhotometryPoint> photometry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photometry);
        var creation = await CreateAsync(draft, cancellationToken);
        if (creation is TargetCreated created && photometry.Count > 0)
        {
            return created with { PhotometryCount = await ImportPhotometryAsync(created.TargetId, photometry.ToAsyncEnumerable(), cancellationToken) };
        }

        return creation;
    }

    public async Task<TargetCreation> CreateAsync(TargetDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var name = draft.Name?.Trim() ?? "";
        var aliases = draft.Aliases
            .Select(alias => alias.Trim())
            .Where(alias => alias.Length > 0 && alias != name)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        if (Check(name, aliases, draft) is { } reason)
        {
            return new TargetRejected(name, reason);
        }

        var allNames = aliases.Prepend(name).ToList();
        if (await FindExistingAsync(name, allNames, cancellationToken) is { } existing)
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
            Names = [.. allNames.Select((each, index) => new TargetName { Name = each, Kind = index == 0 ? TargetNameKind.Primary : TargetNameKind.Alias })],
            Extras = [.. draft.Extras.Select(extra => new TargetExtra { Key = extra.Key, Value = extra.Value })],
        };

        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        database.Targets.Add(target);
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException conflict)
        {
            // Someone else saved one of these names between our check and our insert: the unique index refused ours.
            if (await FindExistingAsync(name, allNames, cancellationToken) is { } winner)
            {
                return winner;
            }

            logger.LogError(conflict, "Saving target {Target} failed", name);
            return new TargetRejected(name, "the database refused it. See the log for details.");
        }

        logger.LogInformation("Created target {Target} ({TargetId}) from {Source}", name, target.Id, draft.SourceBroker ?? "a draft");
        return new TargetCreated(target.Id, name);
    }

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

    /// <summary>Adds a target to the named list, creating the list on first use; adding twice changes nothing.</summary>
    public async Task AddToListAsync(long targetId, string listName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listName);
        var name = listName.Trim();
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var list = await database.TargetLists.FirstOrDefaultAsync(each => each.Name == name, cancellationToken);
        if (list is null)
        {
            list = new TargetList { Name = name, Created = time.GetUtcNow() };
            database.TargetLists.Add(list);
            try
            {
                await database.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another writer created the list first; use theirs.
                database.ChangeTracker.Clear();
                list = await database.TargetLists.FirstAsync(each => each.Name == name, cancellationToken);
            }
        }

        if (await database.TargetListMembers.AnyAsync(member => member.TargetListId == list.Id && member.TargetId == targetId, cancellationToken))
        {
            return;
        }

        database.TargetListMembers.Add(new TargetListMember { TargetListId = list.Id, TargetId = targetId, Added = time.GetUtcNow() });
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Added meanwhile by another writer is fine; anything else is a real failure.
            if (!await IsMemberAsync(list.Id, targetId, cancellationToken))
            {
                throw;
            }
        }
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

    private async Task<bool> IsMemberAsync(long listId, long targetId, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        return await database.TargetListMembers.AnyAsync(member => member.TargetListId == listId && member.TargetId == targetId, cancellationToken);
    }

    private async Task<TargetAlreadyExists?> FindExistingAsync(string name, List<string> allNames, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var match = await database.TargetNames
            .Where(each => allNames.Contains(each.Name))
            .Join(database.Targets, each => each.TargetId, target => target.Id, (each, target) => new { each.Name, TargetId = target.Id, TargetName = target.Name })
            .FirstOrDefaultAsync(cancellationToken);
        return match is null ? null : new TargetAlreadyExists(name, match.TargetId, match.TargetName, match.Name);
    }
}
