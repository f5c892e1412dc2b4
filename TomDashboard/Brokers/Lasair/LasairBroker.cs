using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Brokers.Lasair;

/// <summary>
/// Lasair (ZTF and LSST, separate instances and tokens). A query finds object ids with a cone search
/// (<c>/api/cone/</c>) or an SQL condition on the objects table (<c>/api/query/</c>), then fetches each object with
/// <c>/api/object/</c> and yields it as soon as it arrives. The token goes in the <c>Authorization: Token</c> header,
/// never in a URL.
/// </summary>
[Broker("Lasair", ScoreDescription = "Lasair gives no score: the column stays empty.")]
public sealed class LasairBroker(HttpClient http, LasairOptions options) : Broker<LasairParameters, LasairAlert>
{
    /// <summary>The start of Lasair's throttle message; its HTTP status is not documented.</summary>
    public const string RateLimitPhrase = "Request limit exceeded";

    private const int RemoteMessageLength = 300;

    public override async IAsyncEnumerable<LasairAlert> FetchAlertsAsync(
        LasairParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var validation = ParameterValidator.Validate(parameters);
        if (!validation.IsValid)
        {
            var problems = validation.FormErrors.Concat(validation.FieldErrors.SelectMany(field => field.Value));
            ReportFeedback(FeedbackSeverity.Error, $"The Lasair query cannot run: {string.Join(" ", problems)}");
            yield break;
        }

        var instance = options.For(parameters.Survey);
        if (!instance.HasToken)
        {
            ReportFeedback(FeedbackSeverity.Error, instance.MissingTokenMessage);
            yield break;
        }

        List<FoundObject> found;
        try
        {
            found = parameters.IsCone
                ? await ConeSearchAsync(instance, parameters, cancellationToken)
                : await SqlQueryAsync(instance, parameters, cancellationToken);
        }
        catch (LasairRefusedException refused)
        {
            ReportFeedback(FeedbackSeverity.Error, refused.RunFeedback);
            yield break;
        }

        if (found.Count == 0)
        {
            ReportFeedback(FeedbackSeverity.Info, parameters.IsCone
                ? $"Lasair-{instance.Label} has no objects in that cone."
                : $"Lasair-{instance.Label} has no objects matching that query.");
            yield break;
        }

        if (found.Count > parameters.Limit)
        {
            ReportFeedback(FeedbackSeverity.Info,
                $"Lasair-{instance.Label} found {found.Count} objects; the first {parameters.Limit} (the result limit) are fetched, one request each.");
            found = found[..parameters.Limit];
        }

        foreach (var each in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LasairAlert alert;
            try
            {
                alert = await FetchObjectAsync(instance, each.Id, cancellationToken) with { Separation = each.Separation };
            }
            catch (LasairRefusedException refused)
            {
                ReportFeedback(FeedbackSeverity.Error, refused.RunFeedback);
                yield break;
            }

            yield return alert;
        }
    }

    public override GenericAlert ToGenericAlert(LasairAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var summary = LasairObjects.Summarize(alert.Survey, alert.Data);
        return new GenericAlert
        {
            Id = alert.ObjectId,
            Name = alert.ObjectId,
            Source = Name,
            Timestamp = summary.Timestamp,
            Ra = summary.Ra,
            Dec = summary.Dec,
            Mag = summary.Mag,
            Score = null,
            Url = LasairObjects.PageOf(alert.Survey, alert.ObjectId),
        };
    }

    public override TargetDraft ToTarget(LasairAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var summary = LasairObjects.Summarize(alert.Survey, alert.Data);
        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(extras, "galactic_lng", summary.GalacticL);
        Add(extras, "galactic_lat", summary.GalacticB);
        if (summary.Detections is { } detections)
        {
            extras[alert.Survey == Survey.Lsst ? "nDiaSources" : "ncand"] = detections.ToString(CultureInfo.InvariantCulture);
        }

        Add(extras, "first_detection", summary.FirstDetection);
        Add(extras, "last_detection", summary.LastDetection);
        if (summary.SherlockClassification is { } classification)
        {
            extras["sherlock_classification"] = classification;
        }

        return TargetDraft.FromAlert(ToGenericAlert(alert)) with
        {
            Aliases = summary.TnsName is { } tns ? [tns] : [],
            Extras = extras,
        };
    }

    /// <summary>
    /// The light curve of the object the target came from (its alert id, else its name or an alias that is a ZTF
    /// objectId or an LSST diaObjectId), fetched again from <c>/api/object/</c>.
    /// </summary>
    public override async IAsyncEnumerable<PhotometryPoint> FetchPhotometryAsync(
        TargetReference target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var id = new[] { target.SourceAlertId, target.Name }.Concat(target.Aliases)
            .FirstOrDefault(each => LasairObjects.SurveyOfId(each) is not null);
        if (id is null)
        {
            yield break;
        }

        id = id.Trim();
        var instance = options.For(LasairObjects.SurveyOfId(id)!.Value);
        if (!instance.HasToken)
        {
            throw new InvalidOperationException(instance.MissingTokenMessage);
        }

        var alert = await FetchObjectAsync(instance, id, cancellationToken);
        foreach (var point in LasairObjects.Photometry(alert.Survey, alert.Data, Name))
        {
            yield return point;
        }
    }

    private async Task<List<FoundObject>> ConeSearchAsync(LasairInstance instance, LasairParameters parameters, CancellationToken cancellationToken)
    {
        if (!Sexagesimal.TryParseRa(parameters.ConeRa, out var ra) || !Sexagesimal.TryParseDec(parameters.ConeDec, out var dec))
        {
            throw new InvalidOperationException("The cone's RA and Dec were validated before the search.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, instance.Method("cone"))
        {
            Content = new FormUrlEncodedContent(
            [
                new("ra", Number(ra)),
                new("dec", Number(dec)),
                new("radius", Number(parameters.ConeRadius)),
                new("requestType", parameters.ConeResults == LasairConeResults.Nearest ? "nearest" : "all"),
            ]),
        };
        using var answer = await CallAsync(instance, request, "the cone search", cancellationToken);
        var root = answer.RootElement;
        // "nearest" may answer with the one object rather than a list of one; both are read.
        IEnumerable<JsonElement> items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray(),
            JsonValueKind.Object when LenientJson.TryGet(root, "object", out _) => [root],
            _ => throw new BrokerResponseException("its cone search answer is not a list of objects"),
        };

        return Distinct(items.Select(item => new FoundObject(
            LenientJson.IdText(item, "object") ?? throw new BrokerResponseException("a cone search result has no object id"),
            LenientJson.Number(item, "separation"))));
    }

    private async Task<List<FoundObject>> SqlQueryAsync(LasairInstance instance, LasairParameters parameters, CancellationToken cancellationToken)
    {
        var column = instance.Survey == Survey.Lsst ? "diaObjectId" : "objectId";
        using var request = new HttpRequestMessage(HttpMethod.Post, instance.Method("query"))
        {
            Content = new FormUrlEncodedContent(
            [
                new("selected", column),
                new("tables", "objects"),
                new("conditions", parameters.SqlQuery!.Trim()),
                new("limit", parameters.Limit.ToString(CultureInfo.InvariantCulture)),
            ]),
        };
        using var answer = await CallAsync(instance, request, "the query", cancellationToken);
        if (answer.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new BrokerResponseException("its query answer is not a list of rows");
        }

        return Distinct(answer.RootElement.EnumerateArray().Select(row => new FoundObject(
            LenientJson.IdText(row, column) ?? throw new BrokerResponseException($"a query row has no {column}"),
            null)));
    }

    private async Task<LasairAlert> FetchObjectAsync(LasairInstance instance, string id, CancellationToken cancellationToken)
    {
        var uri = new Uri(instance.Method("object") + BrokerHttp.Query([new("objectId", id), new("format", "json")]));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var answer = await CallAsync(instance, request, $"the request for object {id}", cancellationToken);
        var root = answer.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BrokerResponseException($"its answer for object {id} is not an object");
        }

        var objectId = LasairObjects.IdOf(instance.Survey, root)
            ?? throw new BrokerResponseException($"its answer for object {id} has no {(instance.Survey == Survey.Lsst ? "diaObjectId" : "objectId")}");
        return new LasairAlert { Survey = instance.Survey, ObjectId = objectId, Data = root.Clone() };
    }

    /// <summary>
    /// Sends one request with the token header and reads its JSON. Lasair's throttle message is a rate limit whatever
    /// the status; <c>{"error": ...}</c> is a refusal; other error statuses are <see cref="BrokerHttpException"/>s.
    /// The token never reaches a URL, and is blanked out of any remote text.
    /// </summary>
    private async Task<JsonDocument> CallAsync(LasairInstance instance, HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", instance.Token!.Trim());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = Blank(await response.Content.ReadAsStringAsync(cancellationToken), instance.Token);
        var retryAfter = BrokerHttp.RetryAfterOf(response);
        var isPlain429 = response.StatusCode == HttpStatusCode.TooManyRequests && retryAfter is not null;
        if (!isPlain429 && RateLimitMessage(body) is { } said)
        {
            throw LasairRefusedException.RateLimited(response.StatusCode, said);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new BrokerHttpException(response.StatusCode, retryAfter, Excerpt(body)) { CredentialSetting = BrokerHttp.CredentialSettingOf(response) };
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new BrokerResponseException("its answer is not valid JSON", exception);
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object && LasairObjects.TryGetError(document.RootElement, out var error))
        {
            document.Dispose();
            throw LasairRefusedException.Error(what, Excerpt(error)!);
        }

        return document;
    }

    /// <summary>
    /// Lasair's throttle text, when the body is that message: plain text, a JSON string, or a JSON object whose
    /// top-level text says it (<c>{"error": ...}</c>, <c>{"detail": ...}</c>). A list of results never is.
    /// </summary>
    private static string? RateLimitMessage(string body)
    {
        if (!body.Contains(RateLimitPhrase, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.String => Excerpt(root.GetString()),
                JsonValueKind.Object => root.EnumerateObject()
                    .Select(property => LenientJson.Text(property.Value))
                    .FirstOrDefault(text => text is not null && text.Contains(RateLimitPhrase, StringComparison.OrdinalIgnoreCase)) is { } text
                        ? Excerpt(text)
                        : null,
                _ => null,
            };
        }
        catch (JsonException)
        {
            return Excerpt(body);
        }
    }

    private static List<FoundObject> Distinct(IEnumerable<FoundObject> found)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. found.Where(each => seen.Add(each.Id))];
    }

    private static string Blank(string text, string? token) =>
        string.IsNullOrWhiteSpace(token) ? text : text.Replace(token.Trim(), "[token]", StringComparison.Ordinal);

    private static string? Excerpt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        return trimmed.Length <= RemoteMessageLength ? trimmed : string.Concat(trimmed.AsSpan(0, RemoteMessageLength), "…");
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Add(Dictionary<string, string> extras, string key, double? value)
    {
        if (value is { } number)
        {
            extras[key] = Number(number);
        }
    }

    private static void Add(Dictionary<string, string> extras, string key, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            // An MJD in a double is a fraction of a microsecond off (60810.2 TAI comes out at 04:47:22.9999998 UTC);
            // round it to the millisecond so the text, which shows whole seconds, says 04:47:23.
            var rounded = new DateTimeOffset((long)Math.Round(time.UtcTicks / (double)TimeSpan.TicksPerMillisecond) * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
            extras[key] = AstroTime.FormatUtc(rounded);
        }
    }

    private sealed record FoundObject(string Id, double? Separation);
}
