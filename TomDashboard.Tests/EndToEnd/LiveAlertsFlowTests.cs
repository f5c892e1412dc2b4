using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>The app with its embedded simulated stream turned up to a survey-night rate.</summary>
public class FastSimulatedStreamServer : DashboardServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Streams:0:Simulated:AlertsPerSecond"] = "20",
        ["Streams:0:Simulated:BurstEverySeconds"] = "5",
        ["Streams:0:Simulated:BurstSize"] = "50",
    };
}

public abstract partial class LiveAlertsFlowTests(FastSimulatedStreamServer server)
{
    [Fact]
    public async Task The_live_page_fills_as_alerts_arrive_and_a_live_row_becomes_a_target()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("alerts/live");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live alerts" })).ToBeVisibleAsync();

        var rows = page.Locator("tr.alert-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var firstTotal = await TotalAsync(page);
        await Assertions.Expect(page.GetByTestId("live-total")).Not.ToHaveTextAsync($"{firstTotal:N0} total");
        Assert.True(await TotalAsync(page) > firstTotal);
        await Assertions.Expect(rows.First).ToContainTextAsync("Simulated ZTF");
        await Assertions.Expect(rows.First.Locator("[data-column='latency']")).ToHaveTextAsync(LatencyText());

        // Pause so that the row we act on stays where it is.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        // The render that shows Resume comes after any render already on its way, so the rows now stay put.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();
        var row = rows.First;
        var name = (await row.Locator("[data-column='name']").TextContentAsync())!.Trim();

        await row.GetByRole(AriaRole.Button, new() { Name = "View" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.Locator("[data-testid='cutouts'] img")).ToHaveCountAsync(3);
        await Assertions.Expect(dialog.GetByTestId("photometry")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByTestId("raw-json")).ToContainTextAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).First.ClickAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        var created = page.Locator(".mud-snackbar", new() { HasText = $"Target {name} created." });
        await Assertions.Expect(created).ToBeVisibleAsync();
        await created.GetByRole(AriaRole.Link, new() { Name = "Open target" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("target-name")).ToHaveTextAsync(name);
        await Assertions.Expect(page.GetByText(PhotometryHeading())).ToBeVisibleAsync();
        // The chart drew (plotly's SVG), the stamps showed, and the content security policy refused nothing on the way.
        await Assertions.Expect(page.Locator(".js-plotly-plot .main-svg").First).ToBeVisibleAsync();
        Assert.Empty(server.ContentSecurityViolations);
    }

    [Fact]
    public async Task The_streams_page_shows_the_simulated_stream_connected()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("alerts/streams");

        var stream = page.Locator("[data-stream='Simulated ZTF']");
        await Assertions.Expect(stream.GetByTestId("stream-state")).ToHaveTextAsync("Connected");
        await Assertions.Expect(stream).ToContainTextAsync("ztf_simulated");
        await Assertions.Expect(page.GetByTestId("message-log")).ToContainTextAsync("Ingested");
    }

    private static async Task<long> TotalAsync(IPage page)
    {
        var text = await page.GetByTestId("live-total").TextContentAsync();
        return long.Parse(text!.Replace(" total", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\+\d+m \d\ds · \+(\d+\.\ds|\d+s|\d+m \d\ds)$")]
    private static partial Regex LatencyText();

    [GeneratedRegex(@"^Photometry \([1-9]\d* points\)$")]
    private static partial Regex PhotometryHeading();
}

/// <summary>The same fast stream, with the app on PostgreSQL.</summary>
public sealed class FastSimulatedStreamPostgresServer : FastSimulatedStreamServer
{
    protected override TomDashboard.Data.DatabaseProvider Provider => TomDashboard.Data.DatabaseProvider.Postgres;
}

public sealed class LiveAlertsFlowOnSqliteTests(FastSimulatedStreamServer server) : LiveAlertsFlowTests(server), IClassFixture<FastSimulatedStreamServer>;

public sealed class LiveAlertsFlowOnPostgresTests(FastSimulatedStreamPostgresServer server) : LiveAlertsFlowTests(server), IClassFixture<FastSimulatedStreamPostgresServer>;
