using System.Globalization;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Decoders;

/// <summary>
/// Rubin alert packets in the Confluent wire format (0, a big-endian schema id, the Avro body). Writer schemas
/// come from the stream's schema registry and are cached by id. Fluxes are nJy, times MJD TAI.
/// </summary>
public sealed class RubinAvroDecoder : IPacketDecoder, IDisposable
{
    public const string PhotometrySource = "Rubin";
    private readonly CachedSchemaRegistryClient? _registry;
    private readonly AvroDeserializer<GenericRecord>? _deserializer;

    /// <summary>A decoder for one stream, owning the client of that stream's schema registry.</summary>
    public RubinAvroDecoder(string? schemaRegistryUrl)
    {
        if (!string.IsNullOrWhiteSpace(schemaRegistryUrl))
        {
            _registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = schemaRegistryUrl });
            _deserializer = new AvroDeserializer<GenericRecord>(_registry);
        }
    }

    public PacketFormat Format => PacketFormat.RubinAvro;

    public async ValueTask<IReadOnlyList<DecodedAlert>> DecodeAsync(StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Value.Length < 5 || envelope.Value[0] != 0)
        {
            throw new PacketDecodeException("The message is not in the Confluent wire format (no 0 magic byte and schema id).");
        }

        if (_deserializer is null)
        {
            throw new PacketDecodeException("No schema registry is configured for this stream (SchemaRegistryUrl).");
        }

        GenericRecord packet;
        try
        {
            packet = await _deserializer.DeserializeAsync(envelope.Value, isNull: false, new SerializationContext(MessageComponentType.Value, envelope.Topic));
        }
        catch (Exception exception) when (exception is AvroException or InvalidDataException or SchemaRegistryException or HttpRequestException or EndOfStreamException or IOException or ArgumentException or InvalidCastException)
        {
            var schemaId = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(envelope.Value.AsSpan(1, 4));
            throw new PacketDecodeException($"The Rubin packet (schema id {schemaId}) could not be read: {exception.Message}", exception);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return [Decode(packet, envelope)];
    }

    public void Dispose() => _registry?.Dispose();

    private static DecodedAlert Decode(GenericRecord packet, StreamEnvelope envelope)
    {
        var source = packet.Record("diaSource") ?? throw new PacketDecodeException("The Rubin packet has no diaSource.");
        var diaObject = packet.Record("diaObject");
        var sourceId = packet.Long("diaSourceId") ?? source.Long("diaSourceId") ?? throw new PacketDecodeException("The Rubin packet has no diaSourceId.");
        var objectId = source.Long("diaObjectId") ?? diaObject?.Long("diaObjectId");
        var name = objectId?.ToString(CultureInfo.InvariantCulture)
            ?? source.Long("ssObjectId")?.ToString(CultureInfo.InvariantCulture)
            ?? sourceId.ToString(CultureInfo.InvariantCulture);

        var alert = new GenericAlert
        {
            Id = sourceId.ToString(CultureInfo.InvariantCulture),
            Name = name,
            Source = envelope.Stream,
            Topic = envelope.Topic,
            ReceivedAt = envelope.ReceivedAt,
            Timestamp = source.Double("midpointMjdTai") is { } mjd ? AstroTime.FromMjdTai(mjd) : null,
            Ra = source.Double("ra"),
            Dec = source.Double("dec"),
            Mag = source.Double("psfFlux") is { } flux ? FluxMagnitude.AbMagnitudeFromNanojansky(flux) : null,
            Score = source.Double("reliability"),
            Url = objectId is { } id ? $"https://lasair.lsst.ac.uk/objects/{id}/" : null,
            RawJsonSource = () => AvroRecords.ToJson(packet),
        };

        var fields = source.Scalars();
        fields["diaSourceId"] = sourceId;
        fields["diaObjectId"] = objectId;
        fields["mag"] = alert.Mag;
        return new DecodedAlert
        {
            Alert = alert,
            Photometry = Photometry(source, packet.Records("prvDiaSources"), packet.Records("prvDiaForcedSources")),
            Cutouts = Cutouts(packet),
            Fields = fields,
            Target = TargetDraft.FromAlert(alert),
        };
    }

    private static List<PhotometryPoint> Photometry(GenericRecord source, IEnumerable<GenericRecord> previous, IEnumerable<GenericRecord> forced)
    {
        var points = new Dictionary<(string, DateTimeOffset), PhotometryPoint>();
        foreach (var record in previous.Prepend(source))
        {
            if (Point(record, forcedPhotometry: false) is { } point)
            {
                points[(point.Band, point.Timestamp)] = point;
            }
        }

        foreach (var record in forced)
        {
            if (Point(record, forcedPhotometry: true) is { } point)
            {
                points.TryAdd((point.Band, point.Timestamp), point);
            }
        }

        return [.. points.Values.OrderBy(point => point.Timestamp)];
    }

    /// <summary>DIA sources are detections when their flux is positive; forced sources above 3σ; the rest are 5σ limits.</summary>
    private static PhotometryPoint? Point(GenericRecord record, bool forcedPhotometry) =>
        record.Double("midpointMjdTai") is { } mjd && record.String("band") is { Length: > 0 } band && record.Double("psfFlux") is { } flux
            ? PhotometryPoint.FromFlux(AstroTime.FromMjdTai(mjd), SurveyBands.Lsst(band), flux, record.Double("psfFluxErr"), PhotometrySource, forcedPhotometry ? 3 : 0)
            : null;

    private static AlertCutouts? Cutouts(GenericRecord packet) =>
        AlertCutouts.Of(Stamp(packet, "cutoutScience"), Stamp(packet, "cutoutTemplate"), Stamp(packet, "cutoutDifference"));

    // Kept as the packet gives them (gzipped FITS); FitsImage reads both.
    private static byte[]? Stamp(GenericRecord packet, string name) =>
        packet.Field(name) is byte[] { Length: > 0 } stamp ? stamp : null;
}
