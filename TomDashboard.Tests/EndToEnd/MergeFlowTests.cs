using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>The same object from two alerts under two names: the second offers a merge, and one target keeps both.</summary>
public abstract partial class MergeFlowTests(FakeAlerceServer server)
{
    private static async Task RunAlerceQueryAsync(IPage page, string objectId)
    {
        await page.GotoAsync("alerts/query/create?broker=ALeRCE");
        await page.GetByLabel("Query name").FillAsync($"Object {objectId}");
        await page.GetByLabel("Object ids").FillAsync(objectId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Finished");
    }

    [Fact]
    public async Task A_second_alert_one_arcsecond_away_is_merged_into_the_first_target()
    {
        var page = await server.NewPageAsync();

        await RunAlerceQueryAsync(page, "ZTF18abcgqmz");
        await page.Locator("tr.alert-row", new() { HasText = "ZTF18abcgqmz" }).GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Target ZTF18abcgqmz created." })).ToBeVisibleAsync();

        await RunAlerceQueryAsync(page, FakeAlerceServer.Neighbour);
        await page.Locator("tr.alert-row", new() { HasText = FakeAlerceServer.Neighbour }).GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        var offer = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(offer.GetByTestId("duplicate-message")).ToHaveTextAsync(OfferText());
        await offer.GetByRole(AriaRole.Button, new() { Name = "Merge into ZTF18abcgqmz" }).ClickAsync();

        var merged = page.Locator(".mud-snackbar", new() { HasText = $"{FakeAlerceServer.Neighbour} merged into ZTF18abcgqmz" });
        await Assertions.Expect(merged).ToBeVisibleAsync();
        await merged.GetByRole(AriaRole.Link, new() { Name = "Open ZTF18abcgqmz" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("target-name")).ToHaveTextAsync("ZTF18abcgqmz");
        await Assertions.Expect(page.GetByText(FakeAlerceServer.Neighbour, new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Photometry (4 points)")).ToBeVisibleAsync();
        var plot = page.Locator(".js-plotly-plot");
        await Assertions.Expect(plot).ToBeVisibleAsync();
        await Assertions.Expect(plot.Locator(".legend")).ToContainTextAsync("ztfg");
        // Both alerts' detections are on the plot: two from the neighbour's light curve and one from the first.
        await Assertions.Expect(plot.Locator(".scatterlayer .trace .point")).ToHaveCountAsync(4);

        await page.GotoAsync("targets");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "ZTF18abcgqmz" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByText(FakeAlerceServer.Neighbour)).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"^ZTF24neighbr is 1\.0″ from the existing target ZTF18abcgqmz\.$")]
    private static partial Regex OfferText();
}

public sealed class MergeFlowOnSqliteTests(FakeAlerceServer server) : MergeFlowTests(server), IClassFixture<FakeAlerceServer>;

public sealed class MergeFlowOnPostgresTests(FakeAlercePostgresServer server) : MergeFlowTests(server), IClassFixture<FakeAlercePostgresServer>;
