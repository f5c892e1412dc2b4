namespace TomDashboard.Streams.Decoders;

/// <summary>How the messages of a stream or topic are encoded.</summary>
public enum PacketFormat
{
    /// <summary>ZTF: one Avro object container file per message, schema embedded.</summary>
    ZtfAvro,

    /// <summary>Rubin: Confluent wire format (magic byte, schema id, Avro body), schema from a registry.</summary>
    RubinAvro,

    /// <summary>Lasair filter topics: a JSON object of the filter's columns.</summary>
    LasairJson,

    /// <summary>SCiMMA Hopskotch: the format travels in the <c>_format</c> header.</summary>
    Hopskotch,

    /// <summary>GCN Kafka JSON notices (<c>gcn.notices.*</c>, <c>igwn.gwalert</c>).</summary>
    GcnJson,

    /// <summary>GCN classic text notices (<c>gcn.classic.text.*</c>).</summary>
    GcnText,
}

/// <summary>Turns one stream message into alerts. An empty list is a message with nothing to show (a heartbeat).</summary>
public interface IPacketDecoder
{
    PacketFormat Format { get; }

    /// <exception cref="PacketDecodeException">The message is not a packet of this format.</exception>
    ValueTask<IReadOnlyList<DecodedAlert>> DecodeAsync(StreamEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>A message that cannot be decoded; its message says why, for the message log.</summary>
public sealed class PacketDecodeException : Exception
{
    public PacketDecodeException()
    {
    }

    public PacketDecodeException(string message)
        : base(message)
    {
    }

    public PacketDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
