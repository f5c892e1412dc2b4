namespace TomDashboard.Alerts;

/// <summary>A target as a broker or stream proposes it, before the writer checks and saves it.</summary>
public sealed record TargetDraft
{
    public required string Name { get; init; }

    public TargetType Type { get; init; } = TargetType.Sidereal;

    public double? Ra { get; init; }

    public double? Dec { get; init; }

    public double? Epoch { get; init; } = 2000.0;

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    public string? SourceBroker { get; init; }

    public string? SourceAlertId { get; init; }

    public static TargetDraft FromAlert(GenericAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new TargetDraft
        {
            Name = alert.Name,
            Ra = alert.Ra,
            Dec = alert.Dec,
            SourceBroker = alert.Source,
            SourceAlertId = alert.Id,
        };
    }

    public TargetReference ToReference() => new(Name, Aliases, Ra, Dec, SourceAlertId);
}

/// <summary>What a broker needs to find a target's photometry.</summary>
public sealed record TargetReference(string Name, IReadOnlyList<string> Aliases, double? Ra, double? Dec, string? SourceAlertId);
