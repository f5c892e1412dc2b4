using System.Globalization;
using Avro.Generic;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Decoders;

/// <summary>
/// ZTF alert packets: an Avro container per message. Photometry comes from <c>candidate</c> and
/// <c>prv_candidates</c>: detections, and non-detections (null <c>candid</c>) as upper limits from <c>diffmaglim</c>.
/// </summary>
public sealed class ZtfAvroDecoder : IPacketDecoder
{
    public const string PhotometrySource = "ZTF";

    public PacketFormat Format => PacketFormat.ZtfAvro;

    public ValueTask<IReadOnlyList<DecodedAlert>> DecodeAsync(StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var records = AvroContainer.Read(envelope.Value);
        IReadOnlyList<DecodedAlert> alerts = [.. records.Select((record, index) => Decode(record, index, envelope))];
        return ValueTask.FromResult(alerts);
    }

    private static DecodedAlert Decode(GenericRecord packet, int index, StreamEnvelope envelope)
    {
        var objectId = packet.String("objectId") ?? throw new PacketDecodeException("The ZTF packet has no objectId.");
        var candidate = packet.Record("candidate") ?? throw new PacketDecodeException("The ZTF packet has no candidate.");
        var candid = packet.Long("candid") ?? candidate.Long("candid") ?? throw new PacketDecodeException("The ZTF packet has no candid.");

        var alert = new GenericAlert
        {
            Id = candid.ToString(CultureInfo.InvariantCulture),
            Name = objectId,
            Source = envelope.Stream,
            Topic = envelope.Topic,
            ReceivedAt = envelope.ReceivedAt,
            Timestamp = candidate.Double("jd") is { } jd ? AstroTime.FromJd(jd) : null,
            Ra = candidate.Double("ra"),
            Dec = candidate.Double("dec"),
            Mag = candidate.Double("magpsf"),
            Score = candidate.Double("drb") ?? candidate.Double("rb"),
            Url = $"https://alerce.online/object/{Uri.EscapeDataString(objectId)}",
            // Read again from the message's bytes when View asks: the bytes are one array, the record thousands of objects.
            RawJsonSource = () => AvroRecords.ToJson(AvroContainer.Read(envelope.Value)[index]),
        };

        var fields = candidate.Scalars();
        fields["objectId"] = objectId;
        fields["candid"] = candid;
        return new DecodedAlert
        {
            Alert = alert,
            Photometry = Photometry(candidate, packet.Records("prv_candidates")),
            Cutouts = Cutouts(packet),
            Fields = fields,
            Target = TargetDraft.FromAlert(alert),
        };
    }

    private static List<PhotometryPoint> Photometry(GenericRecord candidate, IEnumerable<GenericRecord> previous)
    {
        var points = new List<PhotometryPoint>();
        foreach (var record in previous.Prepend(candidate))
        {
            if (record.Double("jd") is not { } jd)
            {
                continue;
            }

            var band = SurveyBands.Ztf(record.Long("fid"));
            var time = AstroTime.FromJd(jd);
            if (record.Field("candid") is not null && record.Double("magpsf") is { } magnitude)
            {
                points.Add(new PhotometryPoint { Timestamp = time, Band = band, Magnitude = magnitude, MagnitudeError = record.Double("sigmapsf"), Source = PhotometrySource });
            }
            else if (record.Double("diffmaglim") is { } limit)
            {
                points.Add(new PhotometryPoint { Timestamp = time, Band = band, Limit = limit, Source = PhotometrySource });
            }
        }

        return [.. points.OrderBy(point => point.Timestamp)];
    }

    private static AlertCutouts? Cutouts(GenericRecord packet) =>
        AlertCutouts.Of(Stamp(packet, "cutoutScience"), Stamp(packet, "cutoutTemplate"), Stamp(packet, "cutoutDifference"));

    // Kept as the packet gives them (gzipped FITS): a third of the size, and no inflating for stamps nobody looks at.
    private static byte[]? Stamp(GenericRecord packet, string name) =>
        packet.Record(name)?.Field("stampData") is byte[] { Length: > 0 } stamp ? stamp : null;
}
