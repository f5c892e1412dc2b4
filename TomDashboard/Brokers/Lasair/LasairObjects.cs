using System.Text.Json;
using System.Text.RegularExpressions;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;

namespace TomDashboard.Brokers.Lasair;

/// <summary>What the dashboard reads from one Lasair object, whichever survey it belongs to.</summary>
public sealed record LasairSummary
{
    public double? Ra { get; init; }

    public double? Dec { get; init; }

    /// <summary>ZTF: the newest detection's <c>mjd</c> (UTC). LSST: <c>diaObject.lastDiaSourceMjdTai</c> (TAI, converted).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>ZTF: that detection's PSF difference magnitude. LSST: AB magnitude of the newest positive <c>psfFlux</c>.</summary>
    public double? Mag { get; init; }

    public DateTimeOffset? FirstDetection { get; init; }

    public DateTimeOffset? LastDetection { get; init; }

    /// <summary>ZTF <c>objectData.ncand</c>, LSST <c>diaObject.nDiaSources</c>.</summary>
    public long? Detections { get; init; }

    public double? GalacticL { get; init; }

    public double? GalacticB { get; init; }

    public string? SherlockClassification { get; init; }

    public string? TnsName { get; init; }
}

/// <summary>
/// Reads the answers of Lasair's <c>/api/object/</c>. ZTF: <c>{objectId, objectData:{ramean, decmean, glonmean, glatmean,
/// ncand}, candidates:[{candid, mjd, fid, magpsf, sigmapsf, diffmaglim}], sherlock, TNS}</c>; candidates without a
/// <c>candid</c> are non-detections. LSST: <c>{diaObjectId, diaObject:{ra, decl, firstDiaSourceMjdTai,
/// lastDiaSourceMjdTai, nDiaSources}, diaSourcesList, diaForcedSourcesList, lasairData:{sherlock, TNS}}</c>, times in MJD
/// TAI and fluxes in nJy.
/// </summary>
public static partial class LasairObjects
{
    public const string ZtfObjectPage = "https://lasair-ztf.lsst.ac.uk/objects/";

    public const string LsstObjectPage = "https://lasair.lsst.ac.uk/objects/";

    /// <summary>A forced-photometry flux above this many σ counts as a detection.</summary>
    public const double ForcedDetectionSigmas = 3;

    /// <summary>Upper limits from a flux error are at this many σ.</summary>
    public const double LimitSigmas = 5;

    /// <summary>The object's page on the survey's Lasair web site.</summary>
    public static string PageOf(Survey survey, string objectId) =>
        (survey == Survey.Lsst ? LsstObjectPage : ZtfObjectPage) + Uri.EscapeDataString(objectId) + "/";

    /// <summary>Which Lasair an id belongs to: ZTF names (ZTF18aaaduje) or LSST's numeric diaObjectIds; null for others.</summary>
    public static Survey? SurveyOfId(string? id) => id?.Trim() switch
    {
        { } text when ZtfId().IsMatch(text) => Survey.Ztf,
        { } text when LsstId().IsMatch(text) => Survey.Lsst,
        _ => null,
    };

    /// <summary>The id the object answer carries: ZTF <c>objectId</c>, LSST <c>diaObjectId</c> (exact digits).</summary>
    public static string? IdOf(Survey survey, JsonElement answer) => survey == Survey.Lsst
        ? LenientJson.IdText(answer, "diaObjectId") ?? (LenientJson.TryGet(answer, "diaObject", out var diaObject) ? LenientJson.IdText(diaObject, "diaObjectId") : null)
        : LenientJson.IdText(answer, "objectId");

    /// <summary>Lasair's error answer: <c>{"error": "..."}</c>.</summary>
    public static bool TryGetError(JsonElement answer, out string message)
    {
        message = LenientJson.Text(answer, "error") ?? "";
        return message.Length > 0;
    }

    public static LasairSummary Summarize(Survey survey, JsonElement answer) =>
        survey == Survey.Lsst ? SummarizeLsst(answer) : SummarizeZtf(answer);

    /// <summary>The object's light curve, oldest first, one point per band and time (a detection wins over a limit).</summary>
    public static List<PhotometryPoint> Photometry(Survey survey, JsonElement answer, string source)
    {
        var points = new Dictionary<(string Band, DateTimeOffset Timestamp), PhotometryPoint>();
        if (survey == Survey.Lsst)
        {
            AddLsstPhotometry(points, answer, source);
        }
        else
        {
            AddZtfPhotometry(points, answer, source);
        }

        return [.. points.Values.OrderBy(point => point.Timestamp).ThenBy(point => point.Band, StringComparer.Ordinal)];
    }

    private static LasairSummary SummarizeZtf(JsonElement answer)
    {
        LenientJson.TryGet(answer, "objectData", out var objectData);
        var detections = ZtfCandidates(answer).Where(candidate => candidate.IsDetection).ToList();
        var newest = detections.Count == 0 ? null : detections.MaxBy(candidate => candidate.Mjd);
        var ra = LenientJson.Number(objectData, "ramean");
        var dec = LenientJson.Number(objectData, "decmean");
        var (l, b) = Galactic(ra, dec, LenientJson.Number(objectData, "glonmean"), LenientJson.Number(objectData, "glatmean"));
        return new LasairSummary
        {
            Ra = ra,
            Dec = dec,
            Timestamp = newest is null ? null : AstroTime.FromMjd(newest.Mjd),
            Mag = newest is null ? null : LenientJson.Number(newest.Element, "magpsf"),
            FirstDetection = detections.Count == 0 ? null : AstroTime.FromMjd(detections.Min(candidate => candidate.Mjd)),
            LastDetection = newest is null ? null : AstroTime.FromMjd(newest.Mjd),
            Detections = Whole(objectData, "ncand"),
            GalacticL = l,
            GalacticB = b,
            SherlockClassification = Sherlock(answer),
            TnsName = Tns(answer),
        };
    }

    private static LasairSummary SummarizeLsst(JsonElement answer)
    {
        LenientJson.TryGet(answer, "diaObject", out var diaObject);
        LenientJson.TryGet(answer, "lasairData", out var lasairData);
        var ra = LenientJson.Number(diaObject, "ra");
        var dec = LenientJson.Number(diaObject, "decl");
        var (l, b) = Galactic(ra, dec, null, null);
        var newestPositive = LsstSources(answer, "diaSourcesList")
            .Where(source => source.Flux > 0)
            .OrderByDescending(source => source.MjdTai)
            .FirstOrDefault();
        return new LasairSummary
        {
            Ra = ra,
            Dec = dec,
            Timestamp = TaiTime(diaObject, "lastDiaSourceMjdTai"),
            Mag = newestPositive is null ? null : FluxMagnitude.AbMagnitudeFromNanojansky(newestPositive.Flux),
            FirstDetection = TaiTime(diaObject, "firstDiaSourceMjdTai"),
            LastDetection = TaiTime(diaObject, "lastDiaSourceMjdTai"),
            Detections = Whole(diaObject, "nDiaSources"),
            GalacticL = l,
            GalacticB = b,
            SherlockClassification = Sherlock(lasairData),
            TnsName = Tns(lasairData),
        };
    }

    private static void AddZtfPhotometry(Dictionary<(string, DateTimeOffset), PhotometryPoint> points, JsonElement answer, string source)
    {
        var candidates = ZtfCandidates(answer).ToList();
        foreach (var candidate in candidates.Where(candidate => candidate.IsDetection))
        {
            if (LenientJson.Number(candidate.Element, "magpsf") is { } magnitude)
            {
                var point = new PhotometryPoint
                {
                    Timestamp = AstroTime.FromMjd(candidate.Mjd),
                    Band = candidate.Band,
                    Magnitude = magnitude,
                    MagnitudeError = LenientJson.Number(candidate.Element, "sigmapsf"),
                    Source = source,
                };
                points[(point.Band, point.Timestamp)] = point;
            }
        }

        foreach (var candidate in candidates.Where(candidate => !candidate.IsDetection))
        {
            if (LenientJson.Number(candidate.Element, "diffmaglim") is { } limit)
            {
                var point = new PhotometryPoint { Timestamp = AstroTime.FromMjd(candidate.Mjd), Band = candidate.Band, Limit = limit, Source = source };
                points.TryAdd((point.Band, point.Timestamp), point);
            }
        }
    }

    private static void AddLsstPhotometry(Dictionary<(string, DateTimeOffset), PhotometryPoint> points, JsonElement answer, string source)
    {
        foreach (var dia in LsstSources(answer, "diaSourcesList"))
        {
            if (PhotometryPoint.FromFlux(AstroTime.FromMjdTai(dia.MjdTai), dia.Band, dia.Flux, dia.FluxError, source) is { } point)
            {
                points[(point.Band, point.Timestamp)] = point;
            }
        }

        // Forced photometry: above 3σ a magnitude, otherwise an upper limit. A DIA source at the same time wins.
        foreach (var forced in LsstSources(answer, "diaForcedSourcesList"))
        {
            if (PhotometryPoint.FromFlux(AstroTime.FromMjdTai(forced.MjdTai), forced.Band, forced.Flux, forced.FluxError, source, ForcedDetectionSigmas) is { } point)
            {
                points.TryAdd((point.Band, point.Timestamp), point);
            }
        }
    }

    /// <summary>ZTF candidates that have a time: <c>mjd</c>, or <c>jd</c> when <c>mjd</c> is absent.</summary>
    private static IEnumerable<ZtfCandidate> ZtfCandidates(JsonElement answer)
    {
        if (!LenientJson.TryGet(answer, "candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var candidate in candidates.EnumerateArray())
        {
            var mjd = LenientJson.Number(candidate, "mjd") ?? LenientJson.Number(candidate, "jd") - AstroTime.MjdOffset;
            if (mjd is { } time)
            {
                var fid = LenientJson.Number(candidate, "fid");
                yield return new ZtfCandidate(
                    candidate,
                    time,
                    LenientJson.TryGet(candidate, "candid", out _),
                    SurveyBands.Ztf(fid is { } value ? (long)value : null));
            }
        }
    }

    private static IEnumerable<LsstSource> LsstSources(JsonElement answer, string listName)
    {
        if (!LenientJson.TryGet(answer, listName, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var entry in list.EnumerateArray())
        {
            if (LenientJson.TryGetNumber(entry, "midpointMjdTai", out var mjd)
                && LenientJson.TryGetNumber(entry, "psfFlux", out var flux)
                && LenientJson.Text(entry, "band") is { } band)
            {
                yield return new LsstSource(mjd, SurveyBands.Lsst(band), flux, LenientJson.Number(entry, "psfFluxErr"));
            }
        }
    }

    private static (double? L, double? B) Galactic(double? ra, double? dec, double? l, double? b)
    {
        if (l is not null && b is not null)
        {
            return (l, b);
        }

        if (ra is { } alpha && dec is { } delta)
        {
            var (computedL, computedB) = GalacticCoordinates.FromEquatorial(alpha, delta);
            return (computedL, computedB);
        }

        return (null, null);
    }

    private static DateTimeOffset? TaiTime(JsonElement parent, string name) =>
        LenientJson.Number(parent, name) is { } mjdTai ? AstroTime.FromMjdTai(mjdTai) : null;

    private static long? Whole(JsonElement parent, string name) =>
        LenientJson.TryGet(parent, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var whole) ? whole : null;

    /// <summary>
    /// <c>sherlock.classification</c> when the block has that string. Only the block's name is documented; its inner
    /// shape is read from Lasair's Sherlock field names and taken only if present.
    /// </summary>
    private static string? Sherlock(JsonElement parent) =>
        LenientJson.TryGet(parent, "sherlock", out var sherlock) ? LenientJson.Text(sherlock, "classification") : null;

    /// <summary>
    /// The TNS name when the <c>TNS</c> block carries a string <c>tns_name</c> (with <c>tns_prefix</c>, "SN 2024abc").
    /// The block's inner shape is not documented, so nothing else is guessed.
    /// </summary>
    private static string? Tns(JsonElement parent)
    {
        if (!LenientJson.TryGet(parent, "TNS", out var tns) || !LenientJson.TryGet(tns, "tns_name", out var nameElement)
            || nameElement.ValueKind != JsonValueKind.String || LenientJson.Text(nameElement) is not { } name)
        {
            return null;
        }

        return LenientJson.Text(tns, "tns_prefix") is { } prefix && char.IsAsciiDigit(name[0]) ? $"{prefix} {name}" : name;
    }

    [GeneratedRegex("^ZTF[0-9]{2}[a-z]{7}$")]
    private static partial Regex ZtfId();

    [GeneratedRegex("^[0-9]{1,20}$")]
    private static partial Regex LsstId();

    private sealed record ZtfCandidate(JsonElement Element, double Mjd, bool IsDetection, string Band);

    private sealed record LsstSource(double MjdTai, string Band, double Flux, double? FluxError);
}
