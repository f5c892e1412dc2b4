namespace TomDashboard.Brokers;

/// <summary>Names a broker and says what its score means, so it can be listed without being built.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BrokerAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>What the Score column means for this broker, shown as the column's tooltip.</summary>
    public required string ScoreDescription { get; init; }
}
