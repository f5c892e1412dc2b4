using System.Text.Json.Serialization;

namespace TomDashboard.Brokers.Tutorial;

/// <summary>One item of the tutorial's data: <c>{ id, name, timestamp, ra, dec, mag, score }</c>.</summary>
public sealed record MyBrokerAlert
{
    [JsonConverter(typeof(StringOrNumberIdConverter))]
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Timestamp { get; init; }

    public double? Ra { get; init; }

    public double? Dec { get; init; }

    public double? Mag { get; init; }

    public double? Score { get; init; }

    /// <summary>Where the data was read from: the alert's link.</summary>
    public string? Source { get; init; }

    /// <summary>The item exactly as MyBroker sent it, for View (kept once, never written back out).</summary>
    [JsonIgnore]
    public string? RawJson { get; init; }
}
