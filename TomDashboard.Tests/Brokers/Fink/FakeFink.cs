using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Fink;

public sealed record FinkCall(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A Fink stand-in on a real 127.0.0.1 port: the ZTF host under <c>/ztf</c>, the LSST host under <c>/lsst</c>.
/// It answers from the recorded rows in Fixtures/fink, selecting them the way Fink does (by objectId, class, cone,
/// asteroid), and records every call with its body.
/// </summary>
public sealed class FakeFink : IAsyncDisposable
{
    public const string ObjectsFixture = "fink/lsst-extendedness_objects.json";
    public const string SolarSystemFixture = "fink/lsst-extendedness_sso.json";
    public const string SkyPortalFixture = "fink/skyportal_fink_get_alert.0.api_api_v1_objects.response.json";

    /// <summary>
    /// The shape of <c>GET /api/v1/classes</c> as fink-object-api builds it (groups of names). No recorded answer
    /// exists in the fixtures; these names are ones the API's own docs and code use.
    /// </summary>
    public const string ClassesJson = """
        {
          "Fink classifiers": ["Early SN Ia candidate", "Kilonova candidate", "SN candidate", "Solar System MPC"],
          "Cross-match with TNS": ["(TNS) SN Ia", "(TNS) SN Ic-BL"],
          "Cross-match with SIMBAD (see http://simbad.u-strasbg.fr/simbad/sim-display?data=otypes)": ["(SIMBAD) QSO", "(SIMBAD) RRLyr"]
        }
        """;

    private readonly JsonArray _ztfRows;

    private FakeFink(LocalHttpServer server, JsonArray ztfRows)
    {
        Server = server;
        _ztfRows = ztfRows;
    }

    public LocalHttpServer Server { get; }

    public ConcurrentQueue<FinkCall> Calls { get; } = new();

    /// <summary>Faults by path, e.g. <c>/ztf/api/v1/objects</c>.</summary>
    public ConcurrentDictionary<string, BrokerFault> Faults { get; } = new();

    /// <summary>Extra rows Fink adds with <c>withupperlim</c> (upper limits and bad-quality points), by objectId.</summary>
    public ConcurrentDictionary<string, JsonArray> UpperLimitRows { get; } = new();

    /// <summary>Rows of the LSST host (no recorded LSST answer exists; tests build them from Fink's documented columns).</summary>
    public JsonArray LsstRows { get; set; } = [];

    public string ClassesAnswer { get; set; } = ClassesJson;

    public string ZtfBaseUrl => new Uri(Server.Address, "ztf").ToString();

    public string LsstBaseUrl => new Uri(Server.Address, "lsst").ToString();

    public IReadOnlyList<FinkCall> CallsTo(string path) => [.. Calls.Where(call => call.Path == path)];

    public static async Task<FakeFink> StartAsync()
    {
        var rows = new JsonArray();
        foreach (var fixture in new[] { ObjectsFixture, SkyPortalFixture, SolarSystemFixture })
        {
            foreach (var row in JsonNode.Parse(Fixtures.Text(fixture))!.AsArray())
            {
                rows.Add(row!.DeepClone());
            }
        }

        FakeFink? fake = null;
        var server = await LocalHttpServer.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeFink(server, rows);
        return fake;
    }

    /// <summary>Configuration for <see cref="BrokerHost.Build"/>: both hosts on this server.</summary>
    public Dictionary<string, string?> Configuration(int timeoutSeconds = 30, int retries = 0, double? choicesCacheHours = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Brokers:Fink:ZtfBaseUrl"] = ZtfBaseUrl,
            ["Brokers:Fink:LsstBaseUrl"] = LsstBaseUrl,
            ["Brokers:Fink:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["Brokers:Fink:Retries"] = retries.ToString(CultureInfo.InvariantCulture),
        };
        if (choicesCacheHours is { } hours)
        {
            configuration["Brokers:Fink:ChoicesCacheHours"] = hours.ToString(CultureInfo.InvariantCulture);
        }

        return configuration;
    }

    /// <summary>A host with Fink registered as the app registers it, plus MyBroker and the channel broker.</summary>
    public IHost BuildHost(int timeoutSeconds = 30, int retries = 0, double? choicesCacheHours = null, TimeProvider? time = null) =>
        BrokerHost.Build(Configuration(timeoutSeconds, retries, choicesCacheHours), builder =>
        {
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            builder.Services.AddBroker<FinkBroker, FinkOptions>(builder.Configuration).AddBrokerChoices<FinkClassChoices>(FinkClassChoices.Key);
        });

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = request.Path.Value ?? "";
        Calls.Enqueue(new FinkCall(request.Method, path, body,
            request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

        if (Faults.TryGetValue(path, out var fault))
        {
            await BrokerFaults.RespondAsync(context, fault);
            return;
        }

        if (path == "/ztf/api/v1/classes" && request.Method == "GET")
        {
            await WriteAsync(context, ClassesAnswer);
            return;
        }

        if (request.Method != "POST")
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var payload = JsonNode.Parse(body)!.AsObject();
        JsonArray? answer = path switch
        {
            "/ztf/api/v1/objects" => Objects(payload),
            "/ztf/api/v1/latests" => Latests(payload),
            "/ztf/api/v1/conesearch" => Cone(_ztfRows, payload, "i:"),
            "/ztf/api/v1/sso" => SolarSystem(payload),
            "/lsst/api/v1/sources" => Select(LsstRows, row => Ids(payload, "diaObjectId").Contains(Text(row, "r:diaObjectId") ?? "")),
            "/lsst/api/v1/conesearch" => Cone(LsstRows, payload, "r:"),
            _ => null,
        };
        if (answer is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await WriteAsync(context, answer.ToJsonString());
    }

    private JsonArray Objects(JsonObject payload)
    {
        var ids = Ids(payload, "objectId");
        var rows = Select(_ztfRows, row => !row.ContainsKey("sso_name") && ids.Contains(Text(row, "i:objectId") ?? ""));
        if (payload["withupperlim"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True)
        {
            foreach (var row in rows)
            {
                row!["d:tag"] = "valid";
            }

            foreach (var id in ids)
            {
                if (UpperLimitRows.TryGetValue(id, out var extra))
                {
                    foreach (var row in extra)
                    {
                        rows.Add(row!.DeepClone());
                    }
                }
            }
        }

        return rows;
    }

    private JsonArray Latests(JsonObject payload)
    {
        var wanted = payload["class"]!.GetValue<string>();
        var n = payload["n"]!.GetValue<int>();
        var rows = Select(_ztfRows, row => Text(row, "v:classification") == wanted);
        return [.. rows.Take(n).Select(row => row!.DeepClone())];
    }

    private JsonArray SolarSystem(JsonObject payload)
    {
        var wanted = payload["n_or_d"]!.GetValue<string>();
        return Select(_ztfRows, row => row.ContainsKey("sso_name") && (Text(row, "i:ssnamenr") == wanted || Text(row, "sso_name") == wanted));
    }

    /// <summary>Rows within the radius, one per object (its latest), as Fink's cone search groups them.</summary>
    private static JsonArray Cone(JsonArray rows, JsonObject payload, string prefix)
    {
        var ra = payload["ra"]!.GetValue<double>();
        var dec = payload["dec"]!.GetValue<double>();
        var radius = payload["radius"]!.GetValue<double>() / 3600;
        var objectColumn = prefix == "r:" ? "r:diaObjectId" : "i:objectId";
        var timeColumn = prefix == "r:" ? "r:midpointMjdTai" : "i:jd";
        var inside = Select(rows, row => !row.ContainsKey("sso_name")
            && Separation(ra, dec, row[prefix + "ra"]!.GetValue<double>(), row[prefix + "dec"]!.GetValue<double>()) <= radius);
        return [.. inside.GroupBy(row => row![objectColumn]!.ToJsonString())
            .Select(group => group.MaxBy(row => row![timeColumn]!.GetValue<double>())!.DeepClone())];
    }

    private static double Separation(double ra1, double dec1, double ra2, double dec2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Radians(dec2 - dec1) / 2), 2)
            + Math.Cos(Radians(dec1)) * Math.Cos(Radians(dec2)) * Math.Pow(Math.Sin(Radians(ra2 - ra1) / 2), 2);
        return 2 * Math.Asin(Math.Sqrt(a)) * 180 / Math.PI;
    }

    private static HashSet<string> Ids(JsonObject payload, string key) =>
        [.. payload[key]!.GetValue<string>().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string? Text(JsonObject row, string column) => row[column] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        var other => other.ToJsonString(),
    };

    private static JsonArray Select(JsonArray rows, Func<JsonObject, bool> keep) =>
        [.. rows.Select(row => row!.AsObject()).Where(keep).Select(row => row.DeepClone())];

    private static Task WriteAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>An upper-limit row as Fink adds it with withupperlim (i:candid set to -1, no magnitude).</summary>
    public static JsonObject UpperLimit(string objectId, double jd, int fid, double diffmaglim) => new()
    {
        ["i:objectId"] = objectId,
        ["i:candid"] = -1,
        ["i:jd"] = jd,
        ["i:fid"] = fid,
        ["i:diffmaglim"] = diffmaglim,
        ["i:magpsf"] = null,
        ["i:sigmapsf"] = null,
        ["d:tag"] = "upperlim",
    };

    /// <summary>A measurement that failed Fink's quality cuts.</summary>
    public static JsonObject BadQuality(string objectId, double jd, int fid, double magpsf) => new()
    {
        ["i:objectId"] = objectId,
        ["i:candid"] = -1,
        ["i:jd"] = jd,
        ["i:fid"] = fid,
        ["i:magpsf"] = magpsf,
        ["i:sigmapsf"] = 0.2,
        ["i:diffmaglim"] = 19.5,
        ["d:tag"] = "badquality",
    };

    /// <summary>
    /// An LSST diaSource row with Fink's documented r: columns. Ids are bare JSON numbers beyond 2^53, as Fink's
    /// LSST answers may send them. Made up for tests: no recorded LSST answer exists.
    /// </summary>
    public static JsonObject LsstSource(string diaObjectId, string diaSourceId, double mjdTai, double ra, double dec, double psfFlux, double psfFluxErr, string band) =>
        JsonNode.Parse(string.Create(CultureInfo.InvariantCulture,
            $$"""{"r:diaObjectId": {{diaObjectId}}, "r:diaSourceId": {{diaSourceId}}, "r:midpointMjdTai": {{mjdTai}}, "r:ra": {{ra}}, "r:dec": {{dec}}, "r:psfFlux": {{psfFlux}}, "r:psfFluxErr": {{psfFluxErr}}, "r:band": "{{band}}"}"""))!.AsObject();

    /// <summary>A time rounded to the nearest second, as the tests compare alert times.</summary>
    public static DateTimeOffset ToSecond(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var whole = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return utc - whole >= TimeSpan.FromMilliseconds(500) ? whole.AddSeconds(1) : whole;
    }
}
