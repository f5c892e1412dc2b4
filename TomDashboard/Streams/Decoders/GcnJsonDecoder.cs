using System.Text.Json;
using TomDashboard.Alerts;
using TomDashboard.Brokers;

namespace TomDashboard.Streams.Decoders;

/// <summary>
/// GCN Kafka JSON notices (<c>gcn.notices.*</c>, nasa-gcn/gcn-schema) and IGWN gravitational-wave alerts
/// (<c>igwn.gwalert</c>, igwn-gwalert-schema). Only fields those schemas define are mapped; everything stays in
/// RawJson, and the scalars (nested ones as <c>event.far</c>) are handler fields.
/// </summary>
public sealed class GcnJsonDecoder : IPacketDecoder
{
    private const string What = "The GCN notice";

    public PacketFormat Format => PacketFormat.GcnJson;

    public ValueTask<IReadOnlyList<DecodedAlert>> DecodeAsync(StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IReadOnlyList<DecodedAlert>>([Decode(envelope)]);
    }

    private static DecodedAlert Decode(StreamEnvelope envelope)
    {
        using var parsed = PacketJson.Parse(LenientJson.WithoutBom(envelope.Value), What);
        var root = parsed.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PacketDecodeException($"{What} is not a JSON object.");
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        LenientJson.AddScalarFields(fields, root, nested: true);
        var alert = LenientJson.Text(root, "superevent_id") is { } supereventId
            ? MapGravitationalWaveAlert(envelope, root, supereventId, parsed.Text)
            : MapNotice(envelope, root, fields, parsed.Text);
        return new DecodedAlert { Alert = alert, Fields = fields };
    }

    /// <summary>igwn.gwalert: <c>superevent_id</c>, <c>alert_type</c>, <c>time_created</c>, <c>event</c>, <c>urls</c>; no position (sky maps only).</summary>
    private static GenericAlert MapGravitationalWaveAlert(StreamEnvelope envelope, JsonElement root, string supereventId, string rawJson)
    {
        var created = LenientJson.Text(root, "time_created");
        LenientJson.TryGet(root, "event", out var gwEvent);

        double? score = null;
        if (LenientJson.TryGetPath(gwEvent, out var terrestrial, "classification", "Terrestrial")
            && LenientJson.TryGetNumber(terrestrial, out var probability)
            && probability is >= 0 and <= 1)
        {
            score = 1 - probability;
        }

        return new GenericAlert
        {
            Id = Key(supereventId, LenientJson.Text(root, "alert_type"), created),
            Name = supereventId,
            Source = envelope.Stream,
            Timestamp = LenientJson.Time(gwEvent, "time") ?? LenientJson.Time(root, "time_created"),
            Score = score,
            Url = LenientJson.TryGet(root, "urls", out var urls) ? WebUrl(LenientJson.Text(urls, "gracedb")) : null,
            RawJson = rawJson,
            Topic = envelope.Topic,
            ReceivedAt = envelope.ReceivedAt,
        };
    }

    /// <summary>
    /// gcn-schema core fields: <c>mission</c>, <c>instrument</c>, <c>id</c> (string or list), <c>trigger_time</c>,
    /// <c>alert_datetime</c> (<c>datetime_of_notice</c> in newer drafts), <c>alert_type</c>, <c>ra</c>, <c>dec</c>,
    /// <c>ra_dec_error</c> (deg: a radius, or [semi-major, semi-minor, angle]), <c>data_archive_page</c>.
    /// </summary>
    private static GenericAlert MapNotice(StreamEnvelope envelope, JsonElement root, Dictionary<string, object?> fields, string rawJson)
    {
        var alertDatetime = LenientJson.Text(root, "alert_datetime") ?? LenientJson.Text(root, "datetime_of_notice");
        var alertType = LenientJson.Text(root, "alert_type");
        var triggerId = FirstId(root);
        if (triggerId is not null)
        {
            fields["id"] = triggerId;
        }

        if (LenientJson.TryGet(root, "ra_dec_error", out var error) && error.ValueKind == JsonValueKind.Array
            && error.GetArrayLength() > 0 && LenientJson.TryGetNumber(error[0], out var semiMajor))
        {
            fields["ra_dec_error"] = semiMajor;
        }

        var label = LenientJson.Text(root, "mission") ?? LenientJson.Text(root, "instrument") ?? TopicLabel(envelope.Topic);
        var key = triggerId ?? LenientJson.Text(root, "trigger_time") ?? alertDatetime;
        var name = key is null ? label : $"{label} {key}";

        // Name, alert type and notice time identify a notice; a notice with neither of the last two gets its content's hash.
        var id = alertType is null && alertDatetime is null
            ? Key(name, LenientJson.Sha256Hex(envelope.Value), null)
            : Key(name, alertType, alertDatetime);

        var ra = LenientJson.Number(root, "ra");
        var dec = LenientJson.Number(root, "dec");
        return new GenericAlert
        {
            Id = id,
            Name = name,
            Source = envelope.Stream,
            Timestamp = LenientJson.Time(root, "trigger_time") ?? LenientJson.Time(root, "alert_datetime") ?? LenientJson.Time(root, "datetime_of_notice"),
            Ra = ra is >= 0 and < 360 ? ra : null,
            Dec = dec is >= -90 and <= 90 ? dec : null,
            Url = WebUrl(LenientJson.Text(root, "data_archive_page")),
            RawJson = rawJson,
            Topic = envelope.Topic,
            ReceivedAt = envelope.ReceivedAt,
        };
    }

    private static string? FirstId(JsonElement root)
    {
        if (!LenientJson.TryGet(root, "id", out var id))
        {
            return null;
        }

        if (id.ValueKind != JsonValueKind.Array)
        {
            return LenientJson.IdText(id);
        }

        foreach (var item in id.EnumerateArray())
        {
            if (LenientJson.IdText(item) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary><c>gcn.notices.einstein_probe.wxt.alert</c> → <c>einstein_probe.wxt.alert</c>, for notices that name no mission.</summary>
    private static string TopicLabel(string topic) =>
        topic.StartsWith("gcn.notices.", StringComparison.Ordinal) && topic.Length > "gcn.notices.".Length ? topic["gcn.notices.".Length..] : topic;

    private static string Key(string name, string? part, string? other) =>
        string.Join('|', new[] { name, part, other }.Where(static text => text is not null));

    private static string? WebUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? text : null;
}
