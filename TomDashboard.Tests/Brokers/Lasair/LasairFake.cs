using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Lasair;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Lasair;

/// <summary>
/// Lasair-ZTF (under /api/) and Lasair-LSST (under /lsst/api/) on one local HTTP server. The cone search replays the
/// recorded SkyPortal answer. No recorded <c>/api/object/</c> or <c>/api/query/</c> answer exists, so those are built
/// here: the ZTF object from the trimmed tom_base object (objectId, objectData, candidates) plus the fields
/// BROKER_APIS.md §5 documents for <c>/api/object/</c> (mjd, fid, sigmapsf, diffmaglim, ncand, non-detections without a
/// candid, sherlock, TNS); the LSST object from the documented diaObject / diaSourcesList / diaForcedSourcesList /
/// lasairData fields. The inner shapes of the sherlock and TNS blocks are not documented; the ones here are the
/// shapes the broker accepts.
/// </summary>
public sealed class LasairFake : IAsyncDisposable
{
    public const string ZtfToken = "0123456789abcdef0123456789abcdef01234567";
    public const string LsstToken = "fedcba9876543210fedcba9876543210fedcba98";

    /// <summary>An LSST diaObjectId beyond 2^53: a double would change its last digits.</summary>
    public const string LsstObjectId = "3068394045468016641";

    public const string ConeFixture = "lasair/skyportal_lasair_cone.0.lasair_ztf_api_cone.response.json";
    public const string TrimmedObjectFixture = "lasair/tom_base_test_lasair_object_trimmed.json";

    private int _objectRequests;

    private LasairFake()
    {
    }

    public LocalHttpServer Server { get; private set; } = default!;

    /// <summary>The request bodies, in the order of <see cref="LocalHttpServer.Requests"/>.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    public string ConeAnswer { get; set; } = Fixtures.Text(ConeFixture);

    public string QueryAnswer { get; set; } = "[]";

    /// <summary>Answers object request number n (from 1) itself when it returns a task; null serves the object.</summary>
    public Func<HttpContext, int, Task?>? ObjectOverride { get; set; }

    /// <summary>Answers cone and query requests itself when it returns a task.</summary>
    public Func<HttpContext, Task?>? SearchOverride { get; set; }

    public string ZtfBaseUrl => Server.At("/api").ToString();

    public string LsstBaseUrl => Server.At("/lsst/api").ToString();

    public static async Task<LasairFake> StartAsync()
    {
        var fake = new LasairFake();
        fake.Server = await LocalHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public IHost BuildHost(string? ztfToken = ZtfToken, string? lsstToken = LsstToken, int timeoutSeconds = 30) =>
        BrokerHost.Build(
            new Dictionary<string, string?>
            {
                ["Brokers:Lasair:ZtfBaseUrl"] = ZtfBaseUrl,
                ["Brokers:Lasair:LsstBaseUrl"] = LsstBaseUrl,
                ["Brokers:Lasair:ZtfToken"] = ztfToken,
                ["Brokers:Lasair:LsstToken"] = lsstToken,
                ["Brokers:Lasair:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Brokers:Lasair:Retries"] = "0",
            },
            builder => builder.Services.AddBroker<LasairBroker, LasairOptions>(builder.Configuration));

    public static IBroker Create(IHost host) => host.Services.GetRequiredService<BrokerCatalog>().Create("Lasair");

    /// <summary>A ZTF <c>/api/object/</c> answer: two detections (the newer one second) and three non-detections.</summary>
    public static JsonObject ZtfObject(string objectId)
    {
        var answer = JsonNode.Parse(Fixtures.Text(TrimmedObjectFixture))!.AsObject();
        answer["objectId"] = objectId;
        answer["objectData"]!["ncand"] = 2;
        var candidates = answer["candidates"]!.AsArray();
        candidates[0]!["mjd"] = 58843.25;
        candidates[0]!["fid"] = 1;
        candidates[0]!["sigmapsf"] = 0.05;
        candidates[1]!["mjd"] = 58854.5;
        candidates[1]!["fid"] = 2;
        candidates[1]!["sigmapsf"] = 0.08;
        candidates.Add(new JsonObject { ["mjd"] = 58840.0, ["fid"] = 1, ["diffmaglim"] = 20.1 });
        candidates.Add(new JsonObject { ["mjd"] = 58848.75, ["fid"] = 2, ["diffmaglim"] = 20.3 });
        candidates.Add(new JsonObject { ["mjd"] = 58856.0, ["fid"] = 3, ["diffmaglim"] = 19.9, ["candid"] = null });
        answer["sherlock"] = new JsonObject { ["classification"] = "SN", ["description"] = "near a galaxy" };
        answer["TNS"] = new JsonObject { ["tns_prefix"] = "SN", ["tns_name"] = "2019abc" };
        return answer;
    }

    /// <summary>
    /// An LSST <c>/api/object/</c> answer: three DIA sources (one with a negative flux) and four forced points (one at
    /// a DIA source's time, one above 3σ, two below).
    /// </summary>
    public static string LsstObject(string diaObjectId) => $$"""
        {
          "diaObjectId": {{diaObjectId}},
          "diaObject": {
            "diaObjectId": {{diaObjectId}}, "ra": 150.1, "decl": -2.5,
            "firstDiaSourceMjdTai": 60800.1, "lastDiaSourceMjdTai": 60810.2, "nDiaSources": 3
          },
          "diaSourcesList": [
            { "diaSourceId": 3068394045468016700, "midpointMjdTai": 60810.2, "band": "r", "psfFlux": -2000.0, "psfFluxErr": 150.0 },
            { "diaSourceId": 3068394045468016690, "midpointMjdTai": 60805.0, "band": "r", "psfFlux": 5000.0, "psfFluxErr": 120.0 },
            { "diaSourceId": 3068394045468016680, "midpointMjdTai": 60800.1, "band": "g", "psfFlux": 10000.0, "psfFluxErr": 100.0 }
          ],
          "diaForcedSourcesList": [
            { "midpointMjdTai": 60790.0, "band": "g", "psfFlux": 100.0, "psfFluxErr": 100.0 },
            { "midpointMjdTai": 60795.0, "band": "i", "psfFlux": 3631.0, "psfFluxErr": 200.0 },
            { "midpointMjdTai": 60800.1, "band": "g", "psfFlux": 9000.0, "psfFluxErr": 100.0 },
            { "midpointMjdTai": 60812.0, "band": "z", "psfFlux": 50.0, "psfFluxErr": 30.0 }
          ],
          "lasairData": {
            "sherlock": { "classification": "SN" },
            "TNS": { "tns_prefix": "AT", "tns_name": "2025xyz" },
            "imageUrls": []
          }
        }
        """;

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using (var reader = new StreamReader(context.Request.Body))
        {
            Bodies.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
        }

        var path = context.Request.Path.Value ?? "";
        var lsst = path.StartsWith("/lsst/", StringComparison.Ordinal);
        if (path.EndsWith("/object/", StringComparison.Ordinal))
        {
            var number = Interlocked.Increment(ref _objectRequests);
            if (ObjectOverride?.Invoke(context, number) is { } overridden)
            {
                await overridden;
                return;
            }

            var id = context.Request.Query["objectId"].ToString();
            await WriteJsonAsync(context, lsst ? LsstObject(id) : ZtfObject(id).ToJsonString());
            return;
        }

        if (SearchOverride?.Invoke(context) is { } search)
        {
            await search;
            return;
        }

        if (path.EndsWith("/cone/", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, ConeAnswer);
        }
        else if (path.EndsWith("/query/", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, QueryAnswer);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    public static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
