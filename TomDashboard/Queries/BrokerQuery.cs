namespace TomDashboard.Queries;

/// <summary>A saved broker query: its parameters are the broker's parameters class as JSON.</summary>
public sealed class BrokerQuery
{
    public const int NameMaxLength = 200;

    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Broker { get; set; }

    public required string ParametersJson { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Modified { get; set; }

    public DateTimeOffset? LastRun { get; set; }

    /// <summary>How many alerts the last run that ended showed; null while none has ended.</summary>
    public int? LastRunAlertCount { get; set; }

    /// <summary>How that run ended (completed, cancelled, stopped at the row limit, failed).</summary>
    public QueryRunStatus? LastRunStatus { get; set; }

    /// <summary>Who saved it; null for queries from before accounts, which the whole team shares.</summary>
    public string? OwnerId { get; set; }

    /// <summary>The groups whose members may read and run it; only its owner changes or deletes it.</summary>
    public List<BrokerQueryShare> Shares { get; set; } = [];
}

public sealed class BrokerQueryShare
{
    public long BrokerQueryId { get; set; }

    public long GroupId { get; set; }
}
