using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Alerce;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Alerce;

/// <summary>The recorded ALeRCE responses, and list pages made from them.</summary>
internal static class AlerceFixtures
{
    public const string ZtfObjectFile = "alerce/skyportal_alerce_get_alert.0.api_ztf_v1_objects_ZTF18abcgqmz.response.json";
    public const string ZtfDetectionsFile = "alerce/skyportal_alerce_get_alert.1.api_ztf_v1_objects_ZTF18abcgqmz_detections.response.json";
    public const string ZtfLightCurveFile = "alerce/tom_base_test_alerce_lightcurve.json";
    public const string ClassifiersFile = "alerce/tom_base_test_alerce_classifiers_subset.json";
    public const string LsstObjectFile = "alerce/skyportal_alerce_lsst_get_alert.0.api_lsst_object_api_object.response.json";
    public const string LsstDetectionsFile = "alerce/skyportal_alerce_lsst_get_alert.1.api_lsst_lightcurve_api_detections.response.json";

    public const string LsstOid = "170587116732416143";

    /// <summary>
    /// A ZTF list item. There is no recorded <c>GET /objects/</c> list response, so list items are the recorded object
    /// (<c>GET /objects/ZTF18abcgqmz</c>) with the fields only list items carry, <c>class</c>, <c>classifier</c> and
    /// <c>probability</c>, added (and the oid changed when a page needs several objects).
    /// </summary>
    public static JsonObject ZtfListItem(string oid = "ZTF18abcgqmz", string @class = "SNIa", string classifier = "lc_classifier", double probability = 0.72)
    {
        var item = JsonNode.Parse(Fixtures.Text(ZtfObjectFile))!.AsObject();
        item["oid"] = oid;
        item["class"] = @class;
        item["classifier"] = classifier;
        item["probability"] = probability;
        return item;
    }

    /// <summary>A ZTF list page in the documented envelope <c>{total, page, next, has_next, prev, has_prev, items}</c>, built as <see cref="ZtfListItem"/> says.</summary>
    public static string ZtfPage(int page, bool hasNext, params JsonObject[] items) => new JsonObject
    {
        ["total"] = null,
        ["page"] = page,
        ["next"] = hasNext ? page + 1 : null,
        ["has_next"] = hasNext,
        ["prev"] = page > 1 ? page - 1 : null,
        ["has_prev"] = page > 1,
        ["items"] = new JsonArray([.. items]),
    }.ToJsonString();

    public static Task WriteJsonAsync(this HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>The broker as the app registers it, pointed at the local server (ZTF under /ztf/v1, LSST at the root).</summary>
    public static IBroker Build(LocalHttpServer server, out IHost host, Action<IHostApplicationBuilder>? before = null, Dictionary<string, string?>? settings = null)
    {
        var root = server.Address.ToString().TrimEnd('/');
        var configuration = new Dictionary<string, string?>
        {
            ["Brokers:ALeRCE:ZtfBaseUrl"] = $"{root}/ztf/v1",
            ["Brokers:ALeRCE:LsstBaseUrl"] = root,
            ["Brokers:ALeRCE:TimeoutSeconds"] = "10",
            ["Brokers:ALeRCE:Retries"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        host = BrokerHost.Build(configuration, builder =>
        {
            builder.Services.AddSingleton(TimeProvider.System);
            before?.Invoke(builder);
            // As TomDashboardHosting.AddBrokers registers it.
            builder.Services.AddBroker<AlerceBroker, AlerceOptions>(builder.Configuration)
                .AddBrokerChoices<AlerceClassifierChoices>(AlerceClassifierChoices.ClassifiersKey)
                .AddBrokerChoices<AlerceClassChoices>(AlerceClassifierChoices.ClassesKey);
        });
        return host.Services.GetRequiredService<BrokerCatalog>().Create(AlerceBroker.BrokerName);
    }
}
