using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Shared;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

public sealed class AlertGridTests : DashboardTestContext
{
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    private async Task<List<GenericAlert>> AlertsAsync(params FakeAlert[] alerts)
    {
        foreach (var alert in alerts)
        {
            Broker.Alerts.Writer.TryWrite(alert);
        }

        Broker.Alerts.Writer.Complete();
        return (await BrokerHost.RunAsync(Broker, new ChannelBrokerParameters(), Cancellation)).Alerts;
    }

    private (IRenderedComponent<AlertGrid> Grid, IRenderedComponent<MudSnackbarProvider> Snackbars, IRenderedComponent<MudDialogProvider> Dialogs) RenderGrid(List<GenericAlert> alerts)
    {
        _popovers = Render<MudPopoverProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        var dialogs = Render<MudDialogProvider>();
        var grid = Render<AlertGrid>(parameters => parameters
            .Add(each => each.Alerts, alerts)
            .Add(each => each.ScoreDescription, "Real/bogus: 1 is real.")
            .Add(each => each.Targets, Broker));
        return (grid, snackbars, dialogs);
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<AlertGrid> grid, string name) =>
        grid.FindAll("tr.alert-row").Single(row => row.TextContent.Contains(name, StringComparison.Ordinal));

    [Fact]
    public async Task Create_targets_creates_every_selected_row_and_shows_each_outcome_without_stopping()
    {
        var alerts = await AlertsAsync(
            new FakeAlert("1", "ZTF24fresh", 10, 10),
            new FakeAlert("2", "ZTF24known", 20, 20),
            new FakeAlert("3", "ZTF24broken", 30, 95));
        await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft { Name = "ZTF24known", Ra = 20, Dec = 20 }, Cancellation);
        var (grid, snackbars, _) = RenderGrid(alerts);

        foreach (var name in new[] { "ZTF24fresh", "ZTF24known", "ZTF24broken" })
        {
            Row(grid, name).QuerySelector("input[type='checkbox']")!.Change(true);
        }

        grid.WaitForAssertion(() => Assert.Contains("Create targets (3)", grid.Markup, StringComparison.Ordinal));
        grid.FindAll("button").Single(button => button.TextContent.Contains("Create targets", StringComparison.Ordinal)).Click();

        grid.WaitForAssertion(() =>
        {
            Assert.Contains("Created", Row(grid, "ZTF24fresh").TextContent, StringComparison.Ordinal);
            Assert.Contains("Duplicate of ZTF24known", Row(grid, "ZTF24known").TextContent, StringComparison.Ordinal);
            Assert.Contains("Failed", Row(grid, "ZTF24broken").TextContent, StringComparison.Ordinal);
        });
        snackbars.WaitForAssertion(() => Assert.Contains("1 created, 1 matched existing targets (see each row), 1 failed.", snackbars.Markup, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(["ZTF24fresh", "ZTF24known"], await database.Targets.OrderBy(target => target.Name).Select(target => target.Name).ToListAsync(Cancellation));
    }

    [Fact]
    public async Task An_ra_just_below_360_shows_as_zero_degrees_like_its_sexagesimal_form()
    {
        var (grid, _, _) = RenderGrid(await AlertsAsync(new FakeAlert("1", "ZTF24wrap", 359.999998, -0.0000001)));

        var row = Row(grid, "ZTF24wrap");
        Assert.Equal(("0.00000", "00:00:00.000"), (row.QuerySelector("[data-column='ra']")!.TextContent, row.QuerySelector("[data-column='ra'] + .coordinate-sexagesimal")!.TextContent));
        Assert.Equal("+0.00000", row.QuerySelector("[data-column='dec']")!.TextContent);
    }

    [Fact]
    public async Task Create_target_confirms_with_a_link_to_the_new_target()
    {
        var (grid, snackbars, _) = RenderGrid(await AlertsAsync(new FakeAlert("1", "ZTF24fresh", 10, 10)));

        Row(grid, "ZTF24fresh").QuerySelectorAll("button").Single(button => button.TextContent.Trim() == "Create target").Click();

        snackbars.WaitForAssertion(() =>
        {
            Assert.Contains("Target ZTF24fresh created.", snackbars.Markup, StringComparison.Ordinal);
            Assert.Matches(@"^targets/\d+$", snackbars.Find("a").GetAttribute("href"));
        });
    }

    [Fact]
    public async Task View_shows_the_raw_alert_as_text()
    {
        var (grid, _, dialogs) = RenderGrid(await AlertsAsync(new FakeAlert("1", "<img src=x onerror=alert(1)>", 10, 10)));

        grid.FindAll("button").Single(button => button.TextContent.Trim() == "View").Click();

        dialogs.WaitForAssertion(() =>
        {
            var json = dialogs.Find("[data-testid='raw-json']");
            Assert.Contains("\"name\": \"<img src=x onerror=alert(1)>\"", json.TextContent, StringComparison.Ordinal);
            Assert.Empty(json.QuerySelectorAll("img"));
        });
    }

    [Fact]
    public async Task Names_link_to_the_broker_page_only_for_web_addresses()
    {
        var alerts = await AlertsAsync(new FakeAlert("1", "ZTF24fresh", 10, 10));
        alerts.Add(alerts[0] with { Id = "2", Name = "Sneaky", Url = "javascript:alert(1)" });
        var (grid, _, _) = RenderGrid(alerts);

        Assert.Equal("https://broker.example/objects/ZTF24fresh", Row(grid, "ZTF24fresh").QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(Row(grid, "Sneaky").QuerySelector("a[href^='javascript']"));
    }

    [Fact]
    public async Task The_score_header_explains_the_score()
    {
        var (grid, _, _) = RenderGrid(await AlertsAsync(new FakeAlert("1", "ZTF24fresh", 10, 10, Score: 0.87)));

        Assert.Contains("0.87", Row(grid, "ZTF24fresh").TextContent, StringComparison.Ordinal);
        var tooltip = grid.FindAll(".mud-tooltip-root").Single(root => root.QuerySelector(".score-header") is not null);
        tooltip.TriggerEvent("onpointerenter", new Microsoft.AspNetCore.Components.Web.PointerEventArgs());

        _popovers.WaitForAssertion(() => Assert.Contains("Real/bogus: 1 is real.", _popovers.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Add_to_list_creates_or_finds_each_rows_target_and_lists_it()
    {
        var alerts = await AlertsAsync(new FakeAlert("1", "ZTF24fresh", 10, 10), new FakeAlert("2", "ZTF24known", 20, 20));
        await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft { Name = "ZTF24known", Ra = 20, Dec = 20 }, Cancellation);
        var (grid, snackbars, dialogs) = RenderGrid(alerts);
        Row(grid, "ZTF24fresh").QuerySelector("input[type='checkbox']")!.Change(true);
        Row(grid, "ZTF24known").QuerySelector("input[type='checkbox']")!.Change(true);

        grid.FindAll("button").Single(button => button.TextContent.Contains("Add to list", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid='add-to-list-name'] input")));
        dialogs.Find("[data-testid='add-to-list-name'] input").Input("Tonight");
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Create and add").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("2 targets added to Tonight; 0 were already in it.", snackbars.Markup, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(2, await database.Targets.CountAsync(Cancellation));
        Assert.Equal(2, await database.TargetListMembers.CountAsync(Cancellation));
    }

    [Fact]
    public async Task The_duplicate_offer_merges_the_row_into_the_nearby_target()
    {
        var alerts = await AlertsAsync(new FakeAlert("1", "AT 2024near", 150.0 + 1.0 / 3600, 2.0));
        var existing = Assert.IsType<TargetCreated>(await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft { Name = "ZTF24first", Ra = 150, Dec = 2 }, Cancellation));
        var (grid, _, dialogs) = RenderGrid(alerts);

        Row(grid, "AT 2024near").QuerySelectorAll("button").Single(button => button.TextContent.Trim() == "Create target").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("AT 2024near is 1.0\u2033 from the existing target ZTF24first.", dialogs.Find("[data-testid='duplicate-message']").TextContent.Trim()));
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Merge into ZTF24first").Click();

        grid.WaitForAssertion(() => Assert.Contains("Merged into ZTF24first", Row(grid, "AT 2024near").TextContent, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        var target = await database.Targets.Include(each => each.Names).Include(each => each.Extras).SingleAsync(Cancellation);
        Assert.Equal(existing.TargetId, target.Id);
        Assert.Equal(["AT 2024near", "AT 2024near-alias"], target.Aliases);
        Assert.Equal("SN Ia", target.Extras.Single(extra => extra.Key == "classification").Value);
    }

    [Fact]
    public async Task The_duplicate_offer_creates_anyway_only_with_a_reason()
    {
        var alerts = await AlertsAsync(new FakeAlert("1", "AT 2024near", 150.0 + 1.0 / 3600, 2.0));
        await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft { Name = "ZTF24first", Ra = 150, Dec = 2 }, Cancellation);
        var (grid, _, dialogs) = RenderGrid(alerts);

        Row(grid, "AT 2024near").QuerySelectorAll("button").Single(button => button.TextContent.Trim() == "Create target").Click();
        dialogs.WaitForAssertion(() => Assert.True(dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Create anyway").HasAttribute("disabled")));
        dialogs.Find("textarea").Input("A second transient in the same host.");
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Create anyway").Click();

        grid.WaitForAssertion(() => Assert.Contains("Created", Row(grid, "AT 2024near").TextContent, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal("A second transient in the same host.", (await database.Targets.SingleAsync(target => target.Name == "AT 2024near", Cancellation)).DuplicateReason);
    }
}
