namespace TomDashboard.Streams;

public enum StreamMessageStatus
{
    /// <summary>Decoded, and its handlers ran.</summary>
    Ingested,

    /// <summary>Could not be decoded or handled; <see cref="AlertStreamMessage.Error"/> says why.</summary>
    Failed,

    /// <summary>Its alert had been ingested before (a replay); nothing was done again.</summary>
    Duplicate,

    /// <summary>A message this dashboard published upstream.</summary>
    Published,
}

/// <summary>The log of every stream message: what arrived, when, and what it produced.</summary>
public sealed class AlertStreamMessage
{
    public long Id { get; set; }

    public required string Stream { get; set; }

    public required string Topic { get; set; }

    public int Partition { get; set; }

    public long Offset { get; set; }

    /// <summary>The packet's own id when it has one (Hopskotch <c>_id</c>), else the alert id.</summary>
    public string? MessageId { get; set; }

    /// <summary>The alert's id (ZTF candid, Rubin diaSourceId): the key that makes replays harmless.</summary>
    public string? AlertId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public StreamMessageStatus Status { get; set; }

    public string? Error { get; set; }

    /// <summary>The target this message created or fed, if any.</summary>
    public long? TargetId { get; set; }

    /// <summary>What the handlers did, in words (created, added to list, photometry attached, condition not met).</summary>
    public string? Outcome { get; set; }
}
