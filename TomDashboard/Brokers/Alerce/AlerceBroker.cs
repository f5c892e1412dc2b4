using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;

namespace TomDashboard.Brokers.Alerce;

/// <summary>
/// ALeRCE: ZTF objects from <c>GET /objects/</c> (every TOM Toolkit filter, paged), LSST objects from the multisurvey
/// API (by id or cone). Photometry from the ZTF light curve (magnitudes and limits) or the LSST detections (nJy).
/// </summary>
[Broker(BrokerName, ScoreDescription = "ZTF: the probability (0 to 1) of the object's class under its classifier, for the class ranked as asked (1 = most probable). LSST: none.")]
public sealed class AlerceBroker(HttpClient http, AlerceOptions options) : Broker<AlerceParameters, AlerceObject>
{
    public const string BrokerName = "ALeRCE";

    /// <summary>An LSST difference flux that is not positive is kept as an upper limit at this many sigma of its error.</summary>
    public const double LsstLimitSigmas = 5;

    public const string PhotometrySource = "ALeRCE";

    /// <summary>The band names of the LSST detections, used when a row lacks its own <c>band_map</c>.</summary>
    private static readonly Dictionary<string, string> LsstBands = new(StringComparer.Ordinal)
    {
        ["1"] = "g",
        ["2"] = "r",
        ["3"] = "i",
        ["4"] = "z",
        ["5"] = "y",
        ["6"] = "u",
    };

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private string ZtfBase => options.ZtfBaseUrl.TrimEnd('/');

    private string LsstBase => options.LsstBaseUrl.TrimEnd('/');

    public static string ObjectUrl(string oid) => $"https://alerce.online/object/{Uri.EscapeDataString(oid)}";

    public override IAsyncEnumerable<AlerceObject> FetchAlertsAsync(AlerceParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Survey == Survey.Ztf)
        {
            return FetchPagesAsync(page => new Uri($"{ZtfBase}/objects/{BrokerHttp.Query(ZtfQuery(parameters, page))}"), parameters, envelopeRequired: true, cancellationToken);
        }

        var ids = parameters.ObjectIdList();
        return ids.Count > 0
            ? FetchLsstObjectsAsync(ids, cancellationToken)
            : FetchPagesAsync(page => new Uri($"{LsstBase}/object_api/list_objects{BrokerHttp.Query(LsstListQuery(parameters, page))}"), parameters, envelopeRequired: false, cancellationToken);
    }

    public override GenericAlert ToGenericAlert(AlerceObject alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new GenericAlert
        {
            Id = alert.Oid,
            Name = alert.Oid,
            Source = Name,
            Timestamp = alert.LastMjd is { } mjd ? TimeOf(alert.Survey, mjd) : null,
            Ra = alert.MeanRa,
            Dec = alert.MeanDec,
            Score = alert.Probability,
            Url = ObjectUrl(alert.Oid),
        };
    }

    /// <summary>View shows the item ALeRCE sent, kept when it was read; it is not written out again.</summary>
    protected override string ToRawJson(AlerceObject alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.RawJson;
    }

    public override TargetDraft ToTarget(AlerceObject alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var extras = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["survey"] = alert.Survey == Survey.Lsst ? "LSST" : "ZTF",
        };
        AddText(extras, "class", alert.Class);
        AddText(extras, "classifier", alert.Classifier);
        AddText(extras, "probability", alert.Probability?.ToString(Invariant));
        AddText(extras, "ndet", alert.Detections?.ToString(Invariant));
        AddMjd(extras, "firstmjd", alert.Survey, alert.FirstMjd);
        AddMjd(extras, "lastmjd", alert.Survey, alert.LastMjd);
        if (alert.MeanRa is { } ra && alert.MeanDec is { } dec)
        {
            var (l, b) = GalacticCoordinates.FromEquatorial(ra, dec);
            extras["galactic_lng"] = l.ToString("F6", Invariant);
            extras["galactic_lat"] = b.ToString("F6", Invariant);
        }

        return TargetDraft.FromAlert(ToGenericAlert(alert)) with { Extras = extras };
    }

    public override IAsyncEnumerable<PhotometryPoint> FetchPhotometryAsync(TargetReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var oid = target.SourceAlertId ?? target.Name;
        return AlerceObject.SurveyOf(oid) == Survey.Lsst
            ? FetchLsstPhotometryAsync(oid, cancellationToken)
            : FetchZtfPhotometryAsync(oid, cancellationToken);
    }

    /// <summary>
    /// ZTF times (<c>lastmjd</c>, detection <c>mjd</c>) are UTC. The LSST API does not document its scale; its values are
    /// Rubin's, which are TAI, and reading them as TAI gives a point the same time as the Rubin stream gives it.
    /// </summary>
    private static DateTimeOffset TimeOf(Survey survey, double mjd) =>
        survey == Survey.Lsst ? AstroTime.FromMjdTai(mjd) : AstroTime.FromMjd(mjd);

    /// <summary>
    /// <c>GET /objects/</c> with its trailing slash. Ranges go as repeated keys (lower, then upper); a range with only an
    /// upper bound sends 0 as its lower one, since the API reads the first value as the lower bound.
    /// </summary>
    private static List<KeyValuePair<string, string?>> ZtfQuery(AlerceParameters parameters, int page)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        pairs.AddRange(parameters.ObjectIdList().Select(id => new KeyValuePair<string, string?>("oid", id)));
        Add(pairs, "classifier", Blank(parameters.Classifier));
        Add(pairs, "class", Blank(parameters.Class));
        Add(pairs, "probability", Format(parameters.MinProbability));
        Add(pairs, "ranking", Format(parameters.Ranking));
        AddRange(pairs, "ndet", parameters.MinDetections, parameters.MaxDetections);
        AddRange(pairs, "firstmjd", parameters.FirstMjdAfter, parameters.FirstMjdBefore);
        AddRange(pairs, "lastmjd", parameters.LastMjdAfter, parameters.LastMjdBefore);
        AddCone(pairs, parameters);
        if (parameters.OrderBy != AlerceOrderBy.None)
        {
            Add(pairs, "order_by", parameters.OrderBy.ToString().ToLowerInvariant());
        }

        if (parameters.OrderMode != AlerceOrderMode.None)
        {
            Add(pairs, "order_mode", parameters.OrderMode.ToString().ToUpperInvariant());
        }

        Add(pairs, "page", Format(page));
        Add(pairs, "page_size", Format(parameters.PageSize));
        Add(pairs, "count", "false");
        return pairs;
    }

    /// <summary><c>GET /object_api/list_objects</c>: SkyPortal sends <c>survey</c> here, not <c>survey_id</c>.</summary>
    private static List<KeyValuePair<string, string?>> LsstListQuery(AlerceParameters parameters, int page)
    {
        var pairs = new List<KeyValuePair<string, string?>> { new("survey", "lsst") };
        AddCone(pairs, parameters);
        Add(pairs, "page", Format(page));
        Add(pairs, "page_size", Format(parameters.PageSize));
        return pairs;
    }

    /// <summary>
    /// The cone in degrees and arcseconds. The ZTF API skips a cone whose ra or dec is exactly 0 (it tests them for
    /// truth), so 0 is sent as 1e-9°, 4 µas away.
    /// </summary>
    private static void AddCone(List<KeyValuePair<string, string?>> pairs, AlerceParameters parameters)
    {
        if (parameters is { Ra: { } ra, Dec: { } dec, RadiusArcsec: { } radius })
        {
            Add(pairs, "ra", Format(ra == 0 ? 1e-9 : ra));
            Add(pairs, "dec", Format(dec == 0 ? 1e-9 : dec));
            Add(pairs, "radius", Format(radius));
        }
    }

    /// <summary>Pages 1..N while a page has items, says it has a next one, and the page limit is not reached.</summary>
    private async IAsyncEnumerable<AlerceObject> FetchPagesAsync(
        Func<int, Uri> pageUri, AlerceParameters parameters, bool envelopeRequired, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; page <= parameters.MaxPages; page++)
        {
            using var json = await http.GetJsonAsync(pageUri(page), cancellationToken);
            var (items, hasNext) = ReadPage(json.RootElement, parameters.PageSize, envelopeRequired);
            foreach (var item in items)
            {
                if (Read(item) is { } alert)
                {
                    yield return alert;
                }
            }

            if (items.Count == 0 || !hasNext)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// ZTF pages are <c>{total, page, next, has_next, prev, has_prev, items}</c>. The LSST list's shape is not fully
    /// documented: a bare list, an <c>{items}</c> envelope or one object are all taken. Without <c>has_next</c>, a
    /// full page is taken to mean there may be more.
    /// </summary>
    private static (List<JsonElement> Items, bool HasNext) ReadPage(JsonElement root, int pageSize, bool envelopeRequired)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var list = items.EnumerateArray().ToList();
            var hasNext = root.TryGetProperty("has_next", out var next) && next.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? next.GetBoolean()
                : !envelopeRequired && list.Count >= pageSize;
            return (list, hasNext);
        }

        if (!envelopeRequired)
        {
            switch (root.ValueKind)
            {
                case JsonValueKind.Array:
                    var list = root.EnumerateArray().ToList();
                    return (list, list.Count >= pageSize);
                case JsonValueKind.Object when root.TryGetProperty("oid", out _):
                    return ([root], false);
            }
        }

        throw new BrokerResponseException(envelopeRequired ? "its page of objects has no list of items" : "its answer is neither a list of objects nor an object");
    }

    /// <summary>One object per id from <c>/object_api/object</c>; an id ALeRCE does not know is reported and skipped.</summary>
    private async IAsyncEnumerable<AlerceObject> FetchLsstObjectsAsync(IReadOnlyList<string> ids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            var uri = new Uri($"{LsstBase}/object_api/object{BrokerHttp.Query([new("survey_id", "lsst"), new("oid", id)])}");
            using var json = await GetUnlessNotFoundAsync(uri, cancellationToken);
            if (json is null)
            {
                ReportFeedback(FeedbackSeverity.Warning, $"ALeRCE has no LSST object {id}.");
                continue;
            }

            var (items, _) = ReadPage(json.RootElement, int.MaxValue, envelopeRequired: false);
            foreach (var item in items)
            {
                if (Read(item) is { } alert)
                {
                    yield return alert;
                }
            }
        }
    }

    private async Task<JsonDocument?> GetUnlessNotFoundAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetJsonAsync(uri, cancellationToken);
        }
        catch (BrokerHttpException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private AlerceObject? Read(JsonElement item)
    {
        if (AlerceObject.From(item) is { } alert)
        {
            return alert;
        }

        ReportFeedback(FeedbackSeverity.Warning, "ALeRCE sent an object without an oid; it was skipped.");
        return null;
    }

    /// <summary>
    /// <c>/objects/{oid}/lightcurve</c>: detections as magpsf ± sigmapsf, non-detections as limits (diffmaglim). A
    /// negative subtraction (isdiffpos = -1) is kept, and its source says so. Rows of other surveys (tid "atlas") are
    /// left out, as ALeRCE's own light-curve code does.
    /// </summary>
    private async IAsyncEnumerable<PhotometryPoint> FetchZtfPhotometryAsync(string oid, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var json = await http.GetJsonAsync(new Uri($"{ZtfBase}/objects/{Uri.EscapeDataString(oid)}/lightcurve"), cancellationToken);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BrokerResponseException("its light curve is not an object with detections");
        }

        foreach (var detection in ArrayOf(root, "detections"))
        {
            if (LenientJson.Text(detection, "tid") is { } tid && !tid.Equals("ztf", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (LenientJson.Number(detection, "mjd") is { } mjd && LenientJson.Number(detection, "magpsf") is { } magnitude)
            {
                yield return new PhotometryPoint
                {
                    Timestamp = AstroTime.FromMjd(mjd),
                    Band = ZtfBand(detection),
                    Magnitude = magnitude,
                    MagnitudeError = LenientJson.Number(detection, "sigmapsf"),
                    // Negative subtractions (isdiffpos = -1) are kept as detections; a point has no flag to mark them.
                    Source = PhotometrySource,
                };
            }
        }

        foreach (var limit in ArrayOf(root, "non_detections"))
        {
            if (LenientJson.Number(limit, "mjd") is { } mjd && LenientJson.Number(limit, "diffmaglim") is { } depth)
            {
                yield return new PhotometryPoint { Timestamp = AstroTime.FromMjd(mjd), Band = ZtfBand(limit), Limit = depth, Source = PhotometrySource };
            }
        }
    }

    /// <summary>
    /// <c>/lightcurve_api/detections</c>: psfFlux in nJy becomes an AB magnitude when positive. A negative (or zero)
    /// difference flux has no magnitude; it is stored as a 5σ upper limit from psfFluxErr, and its source says so.
    /// </summary>
    private async IAsyncEnumerable<PhotometryPoint> FetchLsstPhotometryAsync(string oid, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var uri = new Uri($"{LsstBase}/lightcurve_api/detections{BrokerHttp.Query([new("survey_id", "lsst"), new("oid", oid)])}");
        using var json = await http.GetJsonAsync(uri, cancellationToken);
        var (detections, _) = ReadPage(json.RootElement, int.MaxValue, envelopeRequired: false);
        foreach (var detection in detections)
        {
            if (LenientJson.Number(detection, "mjd") is not { } mjd || LenientJson.Number(detection, "psfFlux") is not { } flux)
            {
                continue;
            }

            if (PhotometryPoint.FromFlux(AstroTime.FromMjdTai(mjd), LsstBand(detection), flux, LenientJson.Number(detection, "psfFluxErr"), PhotometrySource) is { } point)
            {
                yield return point;
            }
        }
    }

    private static string ZtfBand(JsonElement row) =>
        SurveyBands.Ztf(LenientJson.Number(row, "fid") is { } fid ? (long)fid : null);

    /// <summary>"lsst" and the band letter, as the Rubin stream names it, from the row's band_map (or the documented one).</summary>
    private static string LsstBand(JsonElement row)
    {
        var band = LenientJson.Text(row, "band") ?? "";
        var letter = LenientJson.TryGet(row, "band_map", out var map) && LenientJson.Text(map, band) is { } mapped
            ? mapped
            : LsstBands.GetValueOrDefault(band, band);
        return SurveyBands.Lsst(letter);
    }

    private static List<JsonElement> ArrayOf(JsonElement parent, string name) =>
        LenientJson.TryGet(parent, name, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : [];

    private static void AddMjd(Dictionary<string, string> extras, string key, Survey survey, double? mjd)
    {
        if (mjd is { } value)
        {
            extras[key] = value.ToString(Invariant);
            extras[$"{key}_utc"] = AstroTime.FormatUtc(TimeOf(survey, value));
        }
    }

    private static void AddText(Dictionary<string, string> extras, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            extras[key] = value;
        }
    }

    private static void Add(List<KeyValuePair<string, string?>> pairs, string key, string? value) => pairs.Add(new(key, value));

    private static void AddRange(List<KeyValuePair<string, string?>> pairs, string key, double? lower, double? upper)
    {
        if (lower is null && upper is null)
        {
            return;
        }

        Add(pairs, key, Format(lower ?? 0));
        if (upper is not null)
        {
            Add(pairs, key, Format(upper));
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Format(double? value) => value?.ToString("R", Invariant);

    private static string? Format(int? value) => value?.ToString(Invariant);
}
