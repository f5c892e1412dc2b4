using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Components.Shared;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;
using ListsPage = TomDashboard.Components.Pages.Targets.TargetLists;
using ListStore = TomDashboard.Targets.TargetLists;

namespace TomDashboard.Tests.Components.Targets;

public sealed class TargetListsPageTests : DashboardTestContext
{
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;
    private IRenderedComponent<MudSnackbarProvider> _snackbars = default!;

    private ListStore Lists => Services.GetRequiredService<ListStore>();

    private IRenderedComponent<ListsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        _snackbars = Render<MudSnackbarProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render<ListsPage>();
    }

    private async Task<long> TargetAsync(string name, double ra)
    {
        var created = await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft { Name = name, Ra = ra, Dec = 5 }, Cancellation);
        return Assert.IsType<TargetCreated>(created).TargetId;
    }

    private static IReadOnlyList<string> Names(IRenderedComponent<ListsPage> page) =>
        [.. page.FindAll("[data-testid='list-name']").Select(cell => cell.TextContent.Trim())];

    [Fact]
    public async Task Shows_each_list_with_its_count_a_link_to_its_targets_and_an_export_link()
    {
        var hot = (await Lists.CreateAsync("Hot", Viewer.System, Cancellation)).List!;
        await Lists.CreateAsync("Cold", Viewer.System, Cancellation);
        await Lists.AddAsync(hot.Id, [await TargetAsync("SN 2026a", 10), await TargetAsync("SN 2026b", 20)], Viewer.System, Cancellation);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(["Cold", "Hot"], Names(page)));
        Assert.Equal(["0", "2"], page.FindAll("[data-testid='list-count']").Select(cell => cell.TextContent.Trim()));
        var link = page.FindAll("[data-testid='list-name'] a").Single(anchor => anchor.TextContent.Trim() == "Hot");
        Assert.Equal($"targets?list={hot.Id}", link.GetAttribute("href"));
        var export = page.FindAll("a").Single(anchor => anchor.GetAttribute("aria-label") == "Export Hot");
        Assert.Equal($"targets/export.csv?list={hot.Id}", export.GetAttribute("href"));
        Assert.Equal("Hot.csv", export.GetAttribute("download"));
    }

    [Fact]
    public async Task Creates_a_list_and_shows_a_taken_name_at_the_field()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='no-lists']")));

        page.Find("[data-testid='new-list-name'] input").Input("Tonight");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Create list").Click();

        page.WaitForAssertion(() => Assert.Equal(["Tonight"], Names(page)));
        _snackbars.WaitForAssertion(() => Assert.Contains("Created the list Tonight.", _snackbars.Markup, StringComparison.Ordinal));

        page.Find("[data-testid='new-list-name'] input").Input("Tonight");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Create list").Click();

        page.WaitForAssertion(() => Assert.Contains("A list named Tonight already exists.", page.Find("[data-testid='new-list-name']").TextContent, StringComparison.Ordinal));
        Assert.Single(await Lists.ListAsync(Viewer.System, Cancellation));
    }

    [Fact]
    public async Task Renames_in_a_dialog_that_keeps_a_taken_name_open_with_the_message()
    {
        await Lists.CreateAsync("Hot", Viewer.System, Cancellation);
        await Lists.CreateAsync("Cold", Viewer.System, Cancellation);
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(["Cold", "Hot"], Names(page)));

        page.FindAll("button").Single(button => button.GetAttribute("aria-label") == "Rename Hot").Click();
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindAll("[data-testid='rename-list-name'] input")));
        _dialogs.Find("[data-testid='rename-list-name'] input").Input("Cold");
        _dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Rename").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("A list named Cold already exists.", _dialogs.Markup, StringComparison.Ordinal));

        _dialogs.Find("[data-testid='rename-list-name'] input").Input("Very hot");
        _dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Rename").Click();

        page.WaitForAssertion(() => Assert.Equal(["Cold", "Very hot"], Names(page)));
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid='rename-list-name']")));
        Assert.Equal(["Cold", "Very hot"], (await Lists.ListAsync(Viewer.System, Cancellation)).Select(list => list.Name));
    }

    [Fact]
    public async Task Delete_asks_first_and_keeps_the_targets()
    {
        var hot = (await Lists.CreateAsync("Hot", Viewer.System, Cancellation)).List!;
        await Lists.AddAsync(hot.Id, [await TargetAsync("SN 2026a", 10)], Viewer.System, Cancellation);
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(["Hot"], Names(page)));

        page.FindAll("button").Single(button => button.GetAttribute("aria-label") == "Delete Hot").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete the list \u201cHot\u201d? Its 1 target stays", _dialogs.Markup, StringComparison.Ordinal));
        _dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Keep").Click();
        Assert.NotNull(await Lists.FindAsync(hot.Id, Viewer.System, Cancellation));

        page.FindAll("button").Single(button => button.GetAttribute("aria-label") == "Delete Hot").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains(_dialogs.FindAll("button"), button => button.TextContent.Trim() == "Delete"));
        _dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='no-lists']")));
        Assert.Null(await Lists.FindAsync(hot.Id, Viewer.System, Cancellation));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
    }

    [Fact]
    public async Task The_add_to_list_dialog_returns_a_clicked_list()
    {
        await Lists.CreateAsync("Hot", Viewer.System, Cancellation);
        var cold = (await Lists.CreateAsync("Cold", Viewer.System, Cancellation)).List!;
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var chosen = dialogs.InvokeAsync(() => AddToListDialog.ShowAsync(Services.GetRequiredService<IDialogService>(), "2 targets"));
        dialogs.WaitForAssertion(() => Assert.Equal(2, dialogs.FindAll("[data-testid='existing-lists'] .mud-list-item").Count));
        Assert.Contains("Add 2 targets to a list", dialogs.Markup, StringComparison.Ordinal);
        dialogs.FindAll("[data-testid='existing-lists'] .mud-list-item").Single(item => item.TextContent.Contains("Cold", StringComparison.Ordinal)).Click();

        var list = await chosen.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);
        Assert.Equal((cold.Id, "Cold"), (list!.Id, list.Name));
    }

    [Fact]
    public async Task The_add_to_list_dialog_creates_a_typed_new_list_and_matches_an_existing_name_whatever_its_case()
    {
        var hot = (await Lists.CreateAsync("Hot", Viewer.System, Cancellation)).List!;
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var service = Services.GetRequiredService<IDialogService>();

        var first = dialogs.InvokeAsync(() => AddToListDialog.ShowAsync(service));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid='add-to-list-name'] input")));
        dialogs.Find("[data-testid='add-to-list-name'] input").Input("Spectra wanted");
        dialogs.WaitForAssertion(() => Assert.Contains("A new list: it is created when you add.", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Create and add").Click();
        var created = await first.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        var second = dialogs.InvokeAsync(() => AddToListDialog.ShowAsync(service));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid='add-to-list-name'] input")));
        dialogs.Find("[data-testid='add-to-list-name'] input").Input("hot");
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Add").Click();
        var existing = await second.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        Assert.Equal("Spectra wanted", created!.Name);
        Assert.Equal(hot.Id, existing!.Id);
        Assert.Equal(["Hot", "Spectra wanted"], (await Lists.ListAsync(Viewer.System, Cancellation)).Select(list => list.Name));
    }
}
