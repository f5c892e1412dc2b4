namespace TomDashboard.Streams;

/// <summary>A message as a stream delivered it, before decoding.</summary>
public sealed record StreamEnvelope
{
    public required string Stream { get; init; }

    public required string Topic { get; init; }

    public int Partition { get; init; }

    public long Offset { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public byte[]? Key { get; init; }

    public required byte[] Value { get; init; }

    /// <summary>Kafka headers by key (the last value wins for a repeated key).</summary>
    public IReadOnlyDictionary<string, byte[]> Headers { get; init; } = new Dictionary<string, byte[]>();
}
