using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using TomDashboard.Tests.Brokers.Alerce;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>The app with ALeRCE pointed at a local server that replays the recorded ALeRCE answers.</summary>
public class FakeAlerceServer : DashboardServer
{
    private LocalHttpServer? _alerce;

    public LocalHttpServer Alerce => _alerce!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Brokers:ALeRCE:ZtfBaseUrl"] = $"{Alerce.Address.ToString().TrimEnd('/')}/ztf/v1",
        ["Brokers:ALeRCE:LsstBaseUrl"] = Alerce.Address.ToString().TrimEnd('/'),
    };

    protected override async Task BeforeStartAsync() => _alerce = await LocalHttpServer.StartAsync(context =>
    {
        var path = context.Request.Path.Value ?? "";
        return path switch
        {
            "/ztf/v1/classifiers" => context.WriteJsonAsync(Fixtures.Text(AlerceFixtures.ClassifiersFile)),
            "/ztf/v1/objects/" when context.Request.Query["oid"] == Neighbour =>
                context.WriteJsonAsync(AlerceFixtures.ZtfPage(1, hasNext: false, NeighbourItem())),
            "/ztf/v1/objects/" => context.WriteJsonAsync(AlerceFixtures.ZtfPage(1, hasNext: false, AlerceFixtures.ZtfListItem())),
            "/ztf/v1/objects/ZTF18abcgqmz/lightcurve" => context.WriteJsonAsync(Fixtures.Text(AlerceFixtures.ZtfLightCurveFile)),
            $"/ztf/v1/objects/{Neighbour}/lightcurve" => context.WriteJsonAsync(NeighbourLightCurve()),
            _ => NotFound(context),
        };
    });

    /// <summary>Another object 1″ north of ZTF18abcgqmz (the recorded object moved, renamed).</summary>
    public const string Neighbour = "ZTF24neighbr";

    private static System.Text.Json.Nodes.JsonObject NeighbourItem()
    {
        var item = AlerceFixtures.ZtfListItem(Neighbour, "SNII", "lc_classifier", 0.55);
        item["meandec"] = item["meandec"]!.GetValue<double>() + 1.0 / 3600;
        return item;
    }

    /// <summary>The recorded detections of ZTF18abcgqmz, as this neighbour's light curve.</summary>
    private static string NeighbourLightCurve() => new System.Text.Json.Nodes.JsonObject
    {
        ["detections"] = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Text(AlerceFixtures.ZtfDetectionsFile)),
        ["non_detections"] = new System.Text.Json.Nodes.JsonArray(),
    }.ToJsonString();

    protected override async ValueTask AfterStopAsync()
    {
        if (_alerce is not null)
        {
            await _alerce.DisposeAsync();
        }
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}

public abstract partial class AlerceFlowTests(FakeAlerceServer server)
{
    [Fact]
    public async Task Query_alerce_create_the_target_and_see_its_photometry()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("alerts/query/list");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create ALeRCE query" }).ClickAsync();
        await page.GetByLabel("Query name").FillAsync("Bright SN Ia candidates");
        await page.GetByLabel("Object ids").FillAsync("ZTF18abcgqmz");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();

        var row = page.Locator("tr.alert-row", new() { HasText = "ZTF18abcgqmz" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-column='ra']")).ToHaveTextAsync("279.90477");
        await Assertions.Expect(row.Locator("[data-column='dec']")).ToHaveTextAsync("-4.87089");
        await Assertions.Expect(row).ToContainTextAsync("0.72");
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Finished");
        Assert.Contains(server.Alerce.Requests, request => request.PathAndQuery.StartsWith("/ztf/v1/objects/?oid=ZTF18abcgqmz", StringComparison.Ordinal));

        await row.GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        var created = page.Locator(".mud-snackbar", new() { HasText = "Target ZTF18abcgqmz created." });
        await Assertions.Expect(created).ToBeVisibleAsync();
        await created.GetByRole(AriaRole.Link, new() { Name = "Open target" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("target-name")).ToHaveTextAsync("ZTF18abcgqmz");
        await Assertions.Expect(page.GetByText("Photometry (2 points)")).ToBeVisibleAsync();
        var photometry = page.Locator("table", new() { HasText = "Band" });
        await Assertions.Expect(photometry).ToContainTextAsync("ztfg");
        await Assertions.Expect(photometry).ToContainTextAsync("20.147");
        await Assertions.Expect(photometry).ToContainTextAsync("> 20.21");
        await Assertions.Expect(page.Locator("table", new() { HasText = "classifier" })).ToContainTextAsync("lc_classifier");

        // The light curve: plotly.js (shipped in Plotly.Blazor, no CDN) has drawn the two points' traces.
        var plot = page.Locator("[data-testid='light-curve'].js-plotly-plot");
        await Assertions.Expect(plot).ToBeVisibleAsync();
        await Assertions.Expect(plot.Locator("svg .scatterlayer .trace")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(plot.Locator("svg .legend")).ToContainTextAsync("ztfg");
    }
}

/// <summary>The same fake ALeRCE, with the app on PostgreSQL.</summary>
public sealed class FakeAlercePostgresServer : FakeAlerceServer
{
    protected override TomDashboard.Data.DatabaseProvider Provider => TomDashboard.Data.DatabaseProvider.Postgres;
}

public sealed class AlerceFlowOnSqliteTests(FakeAlerceServer server) : AlerceFlowTests(server), IClassFixture<FakeAlerceServer>;

public sealed class AlerceFlowOnPostgresTests(FakeAlercePostgresServer server) : AlerceFlowTests(server), IClassFixture<FakeAlercePostgresServer>;
