using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Data;

namespace TomDashboard.Targets;

/// <summary>An extra field as the edit form has it: one row of key and value.</summary>
public sealed record TargetExtraValue(string? Key, string? Value);

/// <summary>What a target is to become: its name, type, coordinates, aliases and extra fields, all of them.</summary>
public sealed record TargetUpdate
{
    public required string? Name { get; init; }

    public TargetType Type { get; init; } = TargetType.Sidereal;

    public double? Ra { get; init; }

    public double? Dec { get; init; }

    public double? Epoch { get; init; }

    /// <summary>Empty rows are ignored.</summary>
    public IReadOnlyList<string?> Aliases { get; init; } = [];

    /// <summary>Rows with neither key nor value are ignored.</summary>
    public IReadOnlyList<TargetExtraValue> Extras { get; init; } = [];

    /// <summary>
    /// Why to save although the new position or a new name is like another target's (the answer to the duplicate
    /// offer); it is kept on the target. Exact names of other targets are refused all the same.
    /// </summary>
    public string? DuplicateReason { get; init; }
}

/// <summary>The keys of <see cref="TargetEditResult.Problems"/>: one per field, and one per alias or extra-field row.</summary>
public static class TargetEditFields
{
    /// <summary>A problem with the whole edit, not one field.</summary>
    public const string General = "";

    public const string Name = nameof(TargetUpdate.Name);

    public const string Type = nameof(TargetUpdate.Type);

    public const string Ra = nameof(TargetUpdate.Ra);

    public const string Dec = nameof(TargetUpdate.Dec);

    public const string Epoch = nameof(TargetUpdate.Epoch);

    /// <summary>The alias at <paramref name="index"/> in <see cref="TargetUpdate.Aliases"/>.</summary>
    public static string Alias(int index) => $"Aliases[{index}]";

    /// <summary>The key of the extra field at <paramref name="index"/> in <see cref="TargetUpdate.Extras"/>.</summary>
    public static string ExtraKey(int index) => $"Extras[{index}].Key";
}

/// <summary>Saved; or the target does not exist; or what is wrong, field by field; or like another target.</summary>
public sealed record TargetEditResult(bool Succeeded, bool NotFound, IReadOnlyDictionary<string, string> Problems, TargetAlreadyExists? Duplicate = null)
{
    public static TargetEditResult Saved { get; } = new(true, false, new Dictionary<string, string>());

    public static TargetEditResult Missing { get; } = new(false, true, new Dictionary<string, string>());

    public static TargetEditResult Invalid(IReadOnlyDictionary<string, string> problems) => new(false, false, problems);

    /// <summary>The edit would make the target a duplicate of another (position or similar name): offer it as Create target does.</summary>
    public static TargetEditResult LikeAnother(TargetAlreadyExists match) => new(false, false, new Dictionary<string, string>(), match);

    public string? ProblemFor(string field) => Problems.GetValueOrDefault(field);
}

/// <summary>
/// Edits a target: name, type, coordinates, aliases and extra fields. The primary name stays a <see cref="TargetName"/>
/// of kind Primary and aliases of kind Alias, so no name can belong to two targets; a name or alias of another target is
/// a message that says which target, also when two users race (the unique name index decides).
/// </summary>
public sealed class TargetEditor(
    IDbContextFactory<TomDbContext> databases,
    TimeProvider time,
    ILogger<TargetEditor> logger,
    IOptions<TargetOptions>? options = null)
{
    private readonly double _radiusArcsec = (options?.Value ?? new TargetOptions()).DuplicateRadiusArcsec;

    /// <summary>The target as the edit form starts from; null when there is none the viewer may change.</summary>
    public async Task<TargetUpdate?> LoadAsync(long targetId, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var target = await database.Targets.AsNoTracking().Where(TargetAccess.CanChange(viewer)).Include(each => each.Names).Include(each => each.Extras)
            .AsSplitQuery().FirstOrDefaultAsync(each => each.Id == targetId, cancellationToken);
        return target is null ? null : new TargetUpdate
        {
            Name = target.Name,
            Type = target.Type,
            Ra = target.Ra,
            Dec = target.Dec,
            Epoch = target.Epoch,
            Aliases = [.. target.Names.Where(name => name.Kind == TargetNameKind.Alias).OrderBy(name => name.Id).Select(name => name.Name)],
            Extras = [.. target.Extras.OrderBy(extra => extra.Key, StringComparer.Ordinal).Select(extra => new TargetExtraValue(extra.Key, extra.Value))],
        };
    }

    /// <summary>Saves an edit by a viewer who may change the target; another's private target reads as missing.</summary>
    public async Task<TargetEditResult> UpdateAsync(long targetId, TargetUpdate edit, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var problems = Validate(edit);
        if (problems.Count > 0)
        {
            return TargetEditResult.Invalid(problems);
        }

        var name = edit.Name!.Trim();
        var aliases = CleanAliases(edit);
        var extras = CleanExtras(edit);
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        try
        {
            // On SQLite the transaction takes the write lock at once: the check for other targets' names and the save are one step.
            await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
            var target = await database.Targets.Where(TargetAccess.CanChange(viewer)).Include(each => each.Names).Include(each => each.Extras)
                .AsSplitQuery().FirstOrDefaultAsync(each => each.Id == targetId, cancellationToken);
            if (target is null)
            {
                return TargetEditResult.Missing;
            }

            if (await NamesOfOtherTargetsAsync(database, targetId, name, aliases, viewer, cancellationToken) is { Count: > 0 } taken)
            {
                return TargetEditResult.Invalid(taken);
            }

            // A similar target the editor may not see is not offered: its name and link would leak it.
            if (string.IsNullOrWhiteSpace(edit.DuplicateReason) && await LikeAnotherAsync(database, target, edit, name, aliases, cancellationToken) is { } match
                && await database.Targets.Where(each => each.Id == match.ExistingTargetId).Where(TargetAccess.CanSee(viewer)).AnyAsync(cancellationToken))
            {
                return TargetEditResult.LikeAnother(match);
            }

            if (!string.IsNullOrWhiteSpace(edit.DuplicateReason))
            {
                target.DuplicateReason = edit.DuplicateReason.Trim();
            }

            ApplyNames(database, target, name, aliases.Select(alias => alias.Name).ToList());
            ApplyExtras(database, target, extras);
            target.Name = name;
            target.Type = edit.Type;
            target.Ra = edit.Ra;
            target.Dec = edit.Dec;
            target.Epoch = edit.Epoch;
            target.Modified = time.GetUtcNow();
            await database.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Edited target {Target} ({TargetId})", name, targetId);
            return TargetEditResult.Saved;
        }
        catch (DbUpdateException conflict)
        {
            // Another writer gave one of these names to another target meanwhile (a provider without the write lock).
            await using var again = await databases.CreateDbContextAsync(cancellationToken);
            if (await NamesOfOtherTargetsAsync(again, targetId, name, aliases, viewer, cancellationToken) is { Count: > 0 } taken)
            {
                return TargetEditResult.Invalid(taken);
            }

            logger.LogError(conflict, "Saving target {TargetId} failed", targetId);
            return TargetEditResult.Invalid(new Dictionary<string, string> { [TargetEditFields.General] = "The database refused the change. See the log for details." });
        }
    }

    /// <summary>
    /// Sets who sees a target: Open or Private, and the groups it is shared with. Whoever may change it may share it with
    /// their own groups; shares with groups they are not in stay as they were.
    /// </summary>
    public async Task<TargetSharingResult> SetSharingAsync(long targetId, TargetVisibility visibility, IReadOnlyCollection<long> groupIds, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var target = await database.Targets.Where(TargetAccess.CanChange(viewer)).Include(each => each.Shares).FirstOrDefaultAsync(each => each.Id == targetId, cancellationToken);
        if (target is null)
        {
            return new TargetSharingResult(false, "Only its owner and the groups it is shared with can change who sees this target.");
        }

        var wanted = groupIds.Where(group => viewer.SeesEverything || viewer.IsIn(group)).ToHashSet();
        target.Shares.RemoveAll(share => (viewer.SeesEverything || viewer.IsIn(share.GroupId)) && !wanted.Contains(share.GroupId));
        foreach (var group in wanted.Where(group => target.Shares.All(share => share.GroupId != group)))
        {
            target.Shares.Add(new TargetShare { TargetId = target.Id, GroupId = group });
        }

        target.Visibility = target.OwnerId is null && visibility == TargetVisibility.Private && target.Shares.Count == 0 ? TargetVisibility.Open : visibility;
        target.Modified = time.GetUtcNow();
        await database.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Target {TargetId} is now {Visibility}, shared with {Groups} groups", targetId, target.Visibility, target.Shares.Count);
        return new TargetSharingResult(true, target.Visibility == TargetVisibility.Open
            ? $"{target.Name} is open to every signed-in user."
            : $"{target.Name} is private to its owner and {target.Shares.Count} group(s).");
    }

    /// <summary>The problems that need no database: required fields, ranges, lengths, repeated aliases and keys.</summary>
    public static Dictionary<string, string> Validate(TargetUpdate edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var problems = new Dictionary<string, string>();
        var name = edit.Name?.Trim() ?? "";
        Add(problems, TargetEditFields.Name, TargetRules.NameProblem(name));
        Add(problems, TargetEditFields.Type, TargetRules.TypeProblem(edit.Type));
        Add(problems, TargetEditFields.Ra, TargetRules.RaProblem(edit.Ra, edit.Type));
        Add(problems, TargetEditFields.Dec, TargetRules.DecProblem(edit.Dec, edit.Type));
        Add(problems, TargetEditFields.Epoch, TargetRules.EpochProblem(edit.Epoch));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < edit.Aliases.Count; index++)
        {
            var alias = edit.Aliases[index]?.Trim() ?? "";
            if (alias.Length == 0)
            {
                continue;
            }

            if (TargetRules.AliasProblem(alias, name) is { } problem)
            {
                problems[TargetEditFields.Alias(index)] = problem;
            }
            else if (!seen.Add(alias))
            {
                problems[TargetEditFields.Alias(index)] = $"The alias {alias} is listed twice.";
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < edit.Extras.Count; index++)
        {
            var key = edit.Extras[index].Key?.Trim() ?? "";
            if (key.Length == 0)
            {
                if (!string.IsNullOrWhiteSpace(edit.Extras[index].Value))
                {
                    problems[TargetEditFields.ExtraKey(index)] = "A field with a value needs a name.";
                }
            }
            else if (TargetRules.ExtraKeyProblem(key) is { } problem)
            {
                problems[TargetEditFields.ExtraKey(index)] = problem;
            }
            else if (!keys.Add(key))
            {
                problems[TargetEditFields.ExtraKey(index)] = $"The field {key} is listed twice.";
            }
        }

        return problems;
    }

    private static void Add(Dictionary<string, string> problems, string field, string? problem)
    {
        if (problem is not null)
        {
            problems[field] = problem;
        }
    }

    private static List<(int Index, string Name)> CleanAliases(TargetUpdate edit) => [.. edit.Aliases
        .Select((alias, index) => (Index: index, Name: alias?.Trim() ?? ""))
        .Where(alias => alias.Name.Length > 0)];

    private static List<(string Key, string Value)> CleanExtras(TargetUpdate edit) => [.. edit.Extras
        .Select(extra => (Key: extra.Key?.Trim() ?? "", Value: extra.Value?.Trim() ?? ""))
        .Where(extra => extra.Key.Length > 0)];

    /// <summary>
    /// The duplicate check of the writer, for what the edit changes: a new position near another target, or a new name
    /// like another target's. What stays as it was is not offered again.
    /// </summary>
    private async Task<TargetAlreadyExists?> LikeAnotherAsync(
        TomDbContext database, Target target, TargetUpdate edit, string name, List<(int Index, string Name)> aliases, CancellationToken cancellationToken)
    {
        var own = target.Names.Select(each => each.Name).ToHashSet(StringComparer.Ordinal);
        var newNames = aliases.Select(alias => alias.Name).Prepend(name).Where(each => !own.Contains(each)).Distinct(StringComparer.Ordinal).ToList();
        var moved = edit.Type != target.Type || edit.Ra != target.Ra || edit.Dec != target.Dec;
        var draft = new TargetDraft { Name = name, Type = edit.Type, Ra = moved ? edit.Ra : null, Dec = moved ? edit.Dec : null };
        return newNames.Count == 0 && !moved
            ? null
            : await DuplicateFinder.FindLikeAsync(database, name, newNames, draft, _radiusArcsec, target.Id, cancellationToken);
    }

    /// <summary>Which of these names already belong to another target, as messages at the fields that hold them.</summary>
    private static async Task<Dictionary<string, string>> NamesOfOtherTargetsAsync(
        TomDbContext database, long targetId, string name, List<(int Index, string Name)> aliases, Viewer viewer, CancellationToken cancellationToken)
    {
        var all = aliases.Select(alias => alias.Name).Prepend(name).ToList();
        var taken = await database.TargetNames
            .Where(each => all.Contains(each.Name) && each.TargetId != targetId)
            .Join(database.Targets, each => each.TargetId, target => target.Id, (each, target) => new { each.Name, TargetId = target.Id, TargetName = target.Name })
            .ToListAsync(cancellationToken);
        var takenIds = taken.Select(clash => clash.TargetId).Distinct().ToList();
        var visible = (await database.Targets.AsNoTracking().Where(target => takenIds.Contains(target.Id)).Where(TargetAccess.CanSee(viewer))
            .Select(target => target.Id).ToListAsync(cancellationToken)).ToHashSet();
        var problems = new Dictionary<string, string>();
        foreach (var clash in taken)
        {
            var message = !visible.Contains(clash.TargetId)
                ? TargetAccess.TakenByHiddenTarget
                : clash.Name == clash.TargetName
                ? $"A target named {clash.Name} already exists."
                : $"{clash.Name} is already a name of the target {clash.TargetName}.";
            if (clash.Name == name)
            {
                problems[TargetEditFields.Name] = message;
            }

            foreach (var alias in aliases.Where(alias => alias.Name == clash.Name))
            {
                problems[TargetEditFields.Alias(alias.Index)] = message;
            }
        }

        return problems;
    }

    /// <summary>
    /// Keeps every name row whose name stays (only its kind may change), deletes the rest and adds the new ones, so no
    /// row changes its name and the unique index never sees a name twice, even when an alias becomes the primary name.
    /// </summary>
    private static void ApplyNames(TomDbContext database, Target target, string name, List<string> aliases)
    {
        var wanted = aliases.Distinct(StringComparer.Ordinal).ToDictionary(alias => alias, _ => TargetNameKind.Alias, StringComparer.Ordinal);
        wanted[name] = TargetNameKind.Primary;
        foreach (var row in target.Names.ToList())
        {
            if (wanted.Remove(row.Name, out var kind))
            {
                row.Kind = kind;
            }
            else
            {
                target.Names.Remove(row);
                database.TargetNames.Remove(row);
            }
        }

        target.Names.AddRange(wanted.Select(each => new TargetName { Name = each.Key, Kind = each.Value }));
    }

    private static void ApplyExtras(TomDbContext database, Target target, List<(string Key, string Value)> extras)
    {
        var wanted = extras.ToDictionary(extra => extra.Key, extra => extra.Value, StringComparer.Ordinal);
        foreach (var row in target.Extras.ToList())
        {
            if (wanted.Remove(row.Key, out var value))
            {
                row.Value = value;
            }
            else
            {
                target.Extras.Remove(row);
                database.TargetExtras.Remove(row);
            }
        }

        target.Extras.AddRange(wanted.Select(each => new TargetExtra { Key = each.Key, Value = each.Value }));
    }
}

/// <summary>What changing a target's sharing did, in a sentence.</summary>
public sealed record TargetSharingResult(bool Saved, string Message);
