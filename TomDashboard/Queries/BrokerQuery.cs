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
}
