namespace TomDashboard.Alerts;

/// <summary>
/// One alert normalised for the grids, whatever broker or stream it came from.
/// The raw item is kept as JSON text for View, and the broker's own object for target creation.
/// </summary>
public sealed record GenericAlert
{
    /// <summary>Broker-unique key of the alert. Always a string: 64-bit survey ids do not survive a double.</summary>
    public required string Id { get; init; }

    /// <summary>The object name the astronomer sees, and the default target name.</summary>
    public required string Name { get; init; }

    /// <summary>The broker (or stream) that produced the alert.</summary>
    public required string Source { get; init; }

    /// <summary>Observation time in UTC.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>ICRS right ascension in degrees.</summary>
    public double? Ra { get; init; }

    /// <summary>ICRS declination in degrees.</summary>
    public double? Dec { get; init; }

    public double? Mag { get; init; }

    /// <summary>The broker's score; its meaning is the broker's <see cref="IBroker.ScoreDescription"/>.</summary>
    public double? Score { get; init; }

    /// <summary>The broker's page for the object.</summary>
    public string? Url { get; init; }

    /// <summary>The alert as the broker sent it, as text for View; made from <see cref="RawJsonSource"/> when that is given.</summary>
    public string RawJson
    {
        get => _rawJson ?? RawJsonSource?.Invoke() ?? "{}";
        init => _rawJson = value;
    }

    /// <summary>
    /// Makes <see cref="RawJson"/> when View asks for it. Streams give this instead of the text, so a packet is turned
    /// into JSON only for the few alerts someone opens, not for every alert ingested. Each call makes it anew.
    /// </summary>
    public Func<string>? RawJsonSource { get; init; }

    private readonly string? _rawJson;

    /// <summary>The broker's own alert object, kept with its row so a target is made from it, not from <see cref="RawJson"/>.</summary>
    public object? Original { get; init; }

    /// <summary>For stream alerts: the Kafka topic it came from.</summary>
    public string? Topic { get; init; }

    /// <summary>For stream alerts: when the dashboard received the message.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>For live alerts: when this page first showed it.</summary>
    public DateTimeOffset? ShownAt { get; init; }
}
