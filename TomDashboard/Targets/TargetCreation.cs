namespace TomDashboard.Targets;

/// <summary>The outcome of creating one target. Never an exception for a user's ordinary mistakes.</summary>
public abstract record TargetCreation(string Name)
{
    public abstract string Message { get; }
}

public sealed record TargetCreated(long TargetId, string Name, int PhotometryCount = 0, string? PhotometryProblem = null) : TargetCreation(Name)
{
    public override string Message => PhotometryProblem is null
        ? $"Target {Name} created."
        : $"Target {Name} created, but its photometry could not be imported: {PhotometryProblem}";
}

/// <summary>A name or alias of the draft is already a name or alias of an existing target.</summary>
public sealed record TargetAlreadyExists(string Name, long ExistingTargetId, string ExistingTargetName, string MatchedName) : TargetCreation(Name)
{
    public override string Message => MatchedName == ExistingTargetName
        ? $"A target named {ExistingTargetName} already exists."
        : $"{MatchedName} is already a name of the target {ExistingTargetName}.";
}

public sealed record TargetRejected(string Name, string Reason) : TargetCreation(Name)
{
    public override string Message => $"{(string.IsNullOrWhiteSpace(Name) ? "The target" : Name)} was not created: {Reason}";
}
