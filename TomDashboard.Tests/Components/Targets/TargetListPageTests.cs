using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;
using TargetListPage = TomDashboard.Components.Pages.Targets.TargetList;

namespace TomDashboard.Tests.Components.Targets;

public sealed class TargetListPageTests : DashboardTestContext
{
    private async Task SeedAsync()
    {
        var writer = Services.GetRequiredService<TargetWriter>();
        await writer.CreateAsync(new TargetDraft { Name = "Tatooine", Ra = 32, Dec = -20 }, Cancellation);
        await writer.CreateAsync(new TargetDraft { Name = "Hoth", Ra = 66, Dec = 50 }, Cancellation);
    }

    private (IRenderedComponent<TargetListPage> Page, IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars) RenderPage()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        return (Render<TargetListPage>(), dialogs, snackbars);
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<TargetListPage> page, string name) =>
        page.FindAll("tbody tr").Single(row => row.TextContent.Contains(name, StringComparison.Ordinal));

    [Fact]
    public async Task Selected_targets_go_to_a_list_and_the_list_filter_shows_only_them()
    {
        await SeedAsync();
        var (page, dialogs, snackbars) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        Row(page, "Tatooine").QuerySelector("input[type='checkbox']")!.Change(true);
        page.FindAll("button").Single(button => button.TextContent.Contains("Add to list (1)", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid='add-to-list-name'] input")));
        dialogs.Find("[data-testid='add-to-list-name'] input").Input("Follow-up tonight");
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Create and add").Click();
        snackbars.WaitForAssertion(() => Assert.Contains("1 added to Follow-up tonight; 0 were already in it.", snackbars.Markup, StringComparison.Ordinal));

        var list = Assert.Single(await Services.GetRequiredService<TargetLists>().ListAsync(Viewer.System, Cancellation));
        await DisposeComponentsAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"targets?list={list.Id}");
        var (filtered, _, _) = RenderPage();
        filtered.WaitForAssertion(() => Assert.Equal("Tatooine", Assert.Single(filtered.FindAll("tbody tr")).QuerySelector("a")!.TextContent));
        Assert.EndsWith($"targets/export.csv?list={list.Id}", filtered.FindAll("a").Single(link => link.TextContent.Contains("Export CSV", StringComparison.Ordinal)).GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cone_filter_in_sexagesimal_finds_the_target_and_a_bad_one_says_why()
    {
        await SeedAsync();
        var (page, _, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        // The grid reloads as filters change; finding and acting on the dispatcher keeps handler ids current.
        await page.InvokeAsync(() => page.Find("[data-filter='cone-ra'] input").Change("02:08:00"));
        await page.InvokeAsync(() => page.Find("[data-filter='cone-dec'] input").Change("-20:00:30"));
        await page.InvokeAsync(() => page.Find("[data-filter='cone-radius'] input").Change("60"));
        await page.InvokeAsync(() => page.FindAll("button").Single(button => button.TextContent.Trim() == "Search").Click());
        page.WaitForAssertion(() => Assert.Equal("Tatooine", Assert.Single(page.FindAll("tbody tr")).QuerySelector("a")!.TextContent));

        await page.InvokeAsync(() => page.Find("[data-filter='cone-radius'] input").Change("20"));
        await page.InvokeAsync(() => page.FindAll("button").Single(button => button.TextContent.Trim() == "Search").Click());
        page.WaitForAssertion(() => Assert.Contains("No target matches these filters.", page.Markup, StringComparison.Ordinal));

        await page.InvokeAsync(() => page.Find("[data-filter='cone-ra'] input").Change("25:00:00"));
        await page.InvokeAsync(() => page.FindAll("button").Single(button => button.TextContent.Trim() == "Search").Click());
        page.WaitForAssertion(() => Assert.Contains("RA in degrees (0 to 360) or as HH:MM:SS.", page.Find("[data-filter='cone-ra']").TextContent, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("abc", "The list in the address (abc) is not a list number; showing all targets.")]
    [InlineData("99999999999999999999", "The list in the address (99999999999999999999) is not a list number; showing all targets.")]
    [InlineData("-3", "The list in the address (-3) is not a list number; showing all targets.")]
    [InlineData("%ZZ", "The list in the address (%ZZ) is not a list number; showing all targets.")]
    [InlineData("424242", "There is no list 424242 (it may have been deleted); showing all targets.")]
    public async Task A_bad_list_in_the_address_is_a_note_and_every_target_is_shown(string list, string note)
    {
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"targets?list={list}");

        var (page, _, _) = RenderPage();

        page.WaitForAssertion(() =>
        {
            Assert.Equal(note, page.Find("[data-testid='address-note']").TextContent.Trim());
            Assert.Equal(2, page.FindAll("tbody tr").Count);
        });
        Assert.EndsWith("targets/export.csv", page.FindAll("a").Single(link => link.TextContent.Contains("Export CSV", StringComparison.Ordinal)).GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_list_in_the_address_gets_no_note()
    {
        await SeedAsync();
        var list = await Services.GetRequiredService<TargetLists>().CreateAsync("Tonight", Viewer.System, Cancellation);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"targets?list={list.List!.Id}");

        var (page, _, _) = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("No target matches these filters.", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid='address-note']"));
    }
}
