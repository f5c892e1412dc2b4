using System.Text.Json;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Decoders;

/// <summary>
/// Lasair filter topics (ZTF and LSST): a JSON object of the filter's selected columns plus <c>"UTC"</c>, and for LSST
/// filters with the lite light curve, <c>alert.diaSourcesList</c>.
/// </summary>
public sealed class LasairJsonDecoder : IPacketDecoder
{
    /// <summary>Negative difference fluxes become upper limits at this many σ.</summary>
    public const double LimitSigmas = 5;

    // Column names in the order they are tried. Time columns carry their scale; nothing documents which
    // magnitude column is the newest, so the explicit "latest" ones come before the plain band ones.
    private static readonly (string Column, TimeScale Scale)[] TimeColumns =
    [
        ("mjdmax", TimeScale.MjdUtc),
        ("jdmax", TimeScale.JdUtc),
        ("lastDiaSourceMjdTai", TimeScale.MjdTai),
        ("midpointMjdTai", TimeScale.MjdTai),
        ("mjd", TimeScale.MjdUtc),
        ("jd", TimeScale.JdUtc),
    ];

    private static readonly string[] MagnitudeColumns = ["magpsf", "latestrmag", "latestgmag", "rmag", "gmag"];

    private static readonly string[] LsstBands = ["u", "g", "r", "i", "z", "y"];

    private enum TimeScale
    {
        MjdUtc,
        JdUtc,
        MjdTai,
    }

    public PacketFormat Format => PacketFormat.LasairJson;

    public ValueTask<IReadOnlyList<DecodedAlert>> DecodeAsync(StreamEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IReadOnlyList<DecodedAlert>>([Decode(envelope)]);
    }

    private static DecodedAlert Decode(StreamEnvelope envelope)
    {
        using var parsed = PacketJson.Parse(LenientJson.WithoutBom(envelope.Value), "The Lasair message");
        var root = parsed.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PacketDecodeException("The Lasair message is not a JSON object.");
        }

        var objectId = LenientJson.IdText(root, "objectId");
        var diaObjectId = LenientJson.IdText(root, "diaObjectId");
        var name = objectId ?? diaObjectId ?? throw new PacketDecodeException("The Lasair message has neither objectId nor diaObjectId.");
        var sourceId = LenientJson.IdText(root, "diaSourceId") ?? LenientJson.IdText(root, "candid");

        var sources = ReadLiteLightCurve(root);
        var latest = sources.Count > 0 ? sources[^1] : null;

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        LenientJson.AddScalarFields(fields, root, nested: false);

        var alert = new GenericAlert
        {
            Id = sourceId ?? name,
            Name = name,
            Source = envelope.Stream,
            Timestamp = ReadTimestamp(root, latest),
            Ra = LenientJson.Number(root, "ramean") ?? LenientJson.Number(root, "ra"),
            Dec = LenientJson.Number(root, "decmean") ?? LenientJson.Number(root, "decl") ?? LenientJson.Number(root, "dec"),
            Mag = ReadMagnitude(root, latest),
            Score = latest?.Reliability,
            Url = ObjectUrl(objectId, diaObjectId),
            RawJson = parsed.Text,
            Topic = envelope.Topic,
            ReceivedAt = envelope.ReceivedAt,
        };

        return new DecodedAlert
        {
            Alert = alert,
            Photometry = ToPhotometry(sources, envelope.Stream),
            Fields = fields,
        };
    }

    private static string? ObjectUrl(string? objectId, string? diaObjectId)
    {
        if (objectId is not null && objectId.StartsWith("ZTF", StringComparison.Ordinal))
        {
            return $"https://lasair-ztf.lsst.ac.uk/objects/{Uri.EscapeDataString(objectId)}/";
        }

        return diaObjectId is null ? null : $"https://lasair.lsst.ac.uk/objects/{Uri.EscapeDataString(diaObjectId)}/";
    }

    private static DateTimeOffset? ReadTimestamp(JsonElement root, LiteSource? latest)
    {
        foreach (var (column, scale) in TimeColumns)
        {
            if (LenientJson.TryGetNumber(root, column, out var value) && value > 0)
            {
                return scale switch
                {
                    TimeScale.JdUtc => AstroTime.FromJd(value),
                    TimeScale.MjdTai => AstroTime.FromMjdTai(value),
                    _ => AstroTime.FromMjd(value),
                };
            }
        }

        return latest is not null ? AstroTime.FromMjdTai(latest.MidpointMjdTai) : LenientJson.Time(root, "UTC");
    }

    private static double? ReadMagnitude(JsonElement root, LiteSource? latest)
    {
        foreach (var column in MagnitudeColumns)
        {
            if (LenientJson.TryGetNumber(root, column, out var magnitude))
            {
                return magnitude;
            }
        }

        if (latest is not null && FluxMagnitude.AbMagnitudeFromNanojansky(latest.Flux) is { } fromLightCurve)
        {
            return fromLightCurve;
        }

        // LSST object columns: the latest flux per band ({band}_psfFlux, nJy) and its MJD ({band}_latestMJD).
        double? newest = null;
        var newestMjd = double.NegativeInfinity;
        foreach (var band in LsstBands)
        {
            if (LenientJson.TryGetNumber(root, band + "_psfFlux", out var flux)
                && LenientJson.TryGetNumber(root, band + "_latestMJD", out var mjd)
                && mjd > newestMjd
                && FluxMagnitude.AbMagnitudeFromNanojansky(flux) is { } magnitude)
            {
                newest = magnitude;
                newestMjd = mjd;
            }
        }

        return newest;
    }

    /// <summary>The lite light curve, oldest first; entries without a time or a flux are left out.</summary>
    private static List<LiteSource> ReadLiteLightCurve(JsonElement root)
    {
        var sources = new List<LiteSource>();
        if (!LenientJson.TryGetPath(root, out var list, "alert", "diaSourcesList") && !LenientJson.TryGet(root, "diaSourcesList", out list))
        {
            return sources;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new PacketDecodeException("The Lasair message's diaSourcesList is not a list.");
        }

        foreach (var entry in list.EnumerateArray())
        {
            if (LenientJson.TryGetNumber(entry, "midpointMjdTai", out var mjd) && LenientJson.TryGetNumber(entry, "psfFlux", out var flux))
            {
                sources.Add(new LiteSource(
                    mjd,
                    LenientJson.Text(entry, "band") ?? "?",
                    flux,
                    LenientJson.Number(entry, "psfFluxErr"),
                    LenientJson.Number(entry, "reliability")));
            }
        }

        sources.Sort(static (a, b) => a.MidpointMjdTai.CompareTo(b.MidpointMjdTai));
        return sources;
    }

    private static List<PhotometryPoint> ToPhotometry(List<LiteSource> sources, string sourceName) =>
    [
        .. sources
            .Select(source => PhotometryPoint.FromFlux(AstroTime.FromMjdTai(source.MidpointMjdTai), source.Band, source.Flux, source.FluxError, sourceName))
            .OfType<PhotometryPoint>(),
    ];

    private sealed record LiteSource(double MidpointMjdTai, string Band, double Flux, double? FluxError, double? Reliability);
}
