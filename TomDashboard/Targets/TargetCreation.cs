using System.Globalization;

namespace TomDashboard.Targets;

/// <summary>The outcome of creating (or merging) one target. Never an exception for a user's ordinary mistakes.</summary>
public abstract record TargetCreation(string Name)
{
    public abstract string Message { get; }

    /// <summary>The target an outcome leaves the submission in: created, merged into, or the one it matches.</summary>
    public static long? TargetIdOf(TargetCreation? outcome) => outcome switch
    {
        TargetCreated created => created.TargetId,
        TargetMerged merged => merged.TargetId,
        TargetAlreadyExists existing => existing.ExistingTargetId,
        _ => null,
    };
}

public sealed record TargetCreated(long TargetId, string Name, int PhotometryCount = 0, string? PhotometryProblem = null) : TargetCreation(Name)
{
    public override string Message => PhotometryProblem is null
        ? $"Target {Name} created."
        : $"Target {Name} created, but its photometry could not be imported: {PhotometryProblem}";
}

public enum DuplicateKind
{
    /// <summary>A name or alias is exactly an existing name or alias.</summary>
    Name,

    /// <summary>A name matches once case, spacing, brackets and AT/SN/TNS prefixes are ignored.</summary>
    SimilarName,

    /// <summary>The position is within the duplicate radius of an existing target.</summary>
    Position,
}

/// <summary>The draft matches an existing target; the user may open it, merge into it, or create anyway.</summary>
public sealed record TargetAlreadyExists(
    string Name,
    long ExistingTargetId,
    string ExistingTargetName,
    string MatchedName,
    DuplicateKind Kind = DuplicateKind.Name,
    double? SeparationArcsec = null) : TargetCreation(Name)
{
    public override string Message => Kind switch
    {
        DuplicateKind.Position => string.Create(CultureInfo.InvariantCulture,
            $"{Name} is {SeparationArcsec:0.0}\u2033 from the existing target {ExistingTargetName}."),
        DuplicateKind.SimilarName => $"{Name} looks like the existing target {ExistingTargetName} ({MatchedName}).",
        _ when MatchedName == ExistingTargetName => $"A target named {ExistingTargetName} already exists.",
        _ => $"{MatchedName} is already a name of the target {ExistingTargetName}.",
    };
}

/// <summary>The draft was merged into an existing target: its names became aliases, its extras and photometry were added.</summary>
public sealed record TargetMerged(
    string Name,
    long TargetId,
    string TargetName,
    IReadOnlyList<string> AliasesAdded,
    int ExtrasAdded,
    int PhotometryCount,
    IReadOnlyList<string> NamesOfOtherTargets,
    string? PhotometryProblem = null) : TargetCreation(Name)
{
    public override string Message
    {
        get
        {
            var added = AliasesAdded.Count == 0 ? "no new names" : string.Join(", ", AliasesAdded);
            var skipped = NamesOfOtherTargets.Count == 0 ? "" : $" Not added, already names of other targets: {string.Join(", ", NamesOfOtherTargets)}.";
            var photometry = PhotometryProblem is null ? "" : $" Its photometry could not be imported: {PhotometryProblem}";
            return $"{Name} merged into {TargetName}: {added}; {ExtrasAdded} extra fields, {PhotometryCount} photometry points.{skipped}{photometry}";
        }
    }
}

public sealed record TargetRejected(string Name, string Reason) : TargetCreation(Name)
{
    public override string Message => $"{(string.IsNullOrWhiteSpace(Name) ? "The target" : Name)} was not created: {AsClause(Reason)}";

    /// <summary>A rule's sentence ("A target needs a name.") read after a colon; RA and Dec keep their capitals.</summary>
    private static string AsClause(string reason)
    {
        var firstWord = reason.Split(' ', 2)[0];
        return firstWord.Length > 0 && char.IsUpper(firstWord[0]) && firstWord != "Dec" && firstWord.Skip(1).All(char.IsLower)
            ? char.ToLowerInvariant(reason[0]) + reason[1..]
            : reason;
    }
}
