using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Components.Pages.Targets;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;
using ListStore = TomDashboard.Targets.TargetLists;

namespace TomDashboard.Tests.Components.Targets;

public sealed class TargetCsvPagesTests : DashboardTestContext
{
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;
    private IRenderedComponent<MudSnackbarProvider> _snackbars = default!;

    private IRenderedComponent<TargetImport> RenderImport()
    {
        Render<MudPopoverProvider>();
        _snackbars = Render<MudSnackbarProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render<TargetImport>();
    }

    [Fact]
    public async Task An_uploaded_file_shows_each_rows_outcome_with_links_and_its_targets_can_go_to_a_list()
    {
        var existing = Assert.IsType<TargetCreated>(await Services.GetRequiredService<TargetWriter>()
            .CreateAsync(new TargetDraft { Name = "SN 2026old", Ra = 50, Dec = 10 }, Cancellation)).TargetId;
        var page = RenderImport();
        const string Text = "name,type,ra,dec,epoch,name2\r\n"
            + "SN 2026new,SIDEREAL,12:30:49.42,-00:30:00,2000,ZTF26new\r\n"
            + "SN 2026old,SIDEREAL,50,10,,\r\n"
            + ",SIDEREAL,1,1,,\r\n";

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Text, "tonight.csv"));

        page.WaitForAssertion(() => Assert.Equal(["2", "3", "4"], page.FindAll("[data-testid='import-line']").Select(cell => cell.TextContent.Trim())));
        Assert.Equal(["Created", "Already there", "Failed"], page.FindAll("[data-testid='import-status']").Select(cell => cell.TextContent.Trim()));
        Assert.Contains("1 created", page.Find("[data-testid='import-summary']").TextContent, StringComparison.Ordinal);
        Assert.Contains("The target was not created: a target needs a name.", page.Markup, StringComparison.Ordinal);
        var links = page.FindAll("[data-testid='import-target'] a");
        Assert.Equal($"targets/{existing}", links[1].GetAttribute("href"));
        Assert.Equal("SN 2026new", links[0].TextContent.Trim());

        page.FindAll("button").Single(button => button.TextContent.Trim() == "Add these targets to a list").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Add 2 targets to a list", _dialogs.Markup, StringComparison.Ordinal));
        _dialogs.Find("[data-testid='add-to-list-name'] input").Input("Tonight");
        _dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Create and add").Click();

        _snackbars.WaitForAssertion(() => Assert.Contains("Added 2 targets to the list Tonight.", _snackbars.Markup, StringComparison.Ordinal));
        var list = Assert.Single(await Services.GetRequiredService<ListStore>().ListAsync(Viewer.System, Cancellation));
        Assert.Equal(("Tonight", 2), (list.Name, list.MemberCount));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_with_a_message()
    {
        var page = RenderImport();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[TargetCsv.MaxImportBytes + 1], "huge.csv"));

        page.WaitForAssertion(() => Assert.Contains("huge.csv is 10.0 MB; files up to 10 MB can be imported.",
            page.Find("[data-testid='import-problem']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid='import-line']"));
    }

    [Fact]
    public async Task An_import_outlives_its_page_and_the_page_shows_it_again_on_return()
    {
        var page = RenderImport();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("name,ra,dec\nSN 2026one,10,10\nSN 2026two,20,20\n", "two.csv"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='import-line']").Count));

        await DisposeComponentsAsync();
        var again = RenderImport();

        again.WaitForAssertion(() => Assert.Contains("2 created", again.Find("[data-testid='import-summary']").TextContent, StringComparison.Ordinal));
        Assert.Equal(["2", "3"], again.FindAll("[data-testid='import-line']").Select(cell => cell.TextContent.Trim()));
    }

    [Fact]
    public async Task A_running_import_shows_its_progress_and_Cancel_stops_it_with_a_note()
    {
        // Only the import's own writes go through the held database; the page's other reads do not.
        var slow = new SlowDatabase(Database);
        Services.AddSingleton(services => new TargetImports(
            new TargetCsv(slow, new TargetWriter(slow, TimeProvider.System, NullLogger<TargetWriter>.Instance), NullLogger<TargetCsv>.Instance),
            TimeProvider.System, services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(), NullLogger<TargetImports>.Instance));
        slow.Arm();
        var page = RenderImport();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("name,ra,dec\nSN 2026one,10,10\n", "held.csv"));
        await slow.Held.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        page.WaitForAssertion(() => Assert.Contains("Importing held.csv: 0 rows so far", page.Find("[data-testid='import-running']").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid='import-progress']"));

        page.Find("[data-testid='cancel-import']").Click();

        page.WaitForAssertion(() => Assert.Contains("Cancelled after 0 rows.", page.Find("[data-testid='import-cancelled']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid='cancel-import']"));
        await slow.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
    }

    [Fact]
    public void The_targets_page_has_import_and_export_buttons()
    {
        Render<MudPopoverProvider>();

        var page = Render<TomDashboard.Components.Pages.Targets.TargetList>();

        var toolbar = page.Find("[data-testid='targets-toolbar']");
        var links = toolbar.QuerySelectorAll("a");
        Assert.Equal(["targets/import", "targets/export.csv"], links.Select(link => link.GetAttribute("href")));
        Assert.Equal(["Import CSV", "Export CSV"], links.Select(link => link.TextContent.Trim()));
        Assert.Equal("targets.csv", links[1].GetAttribute("download"));
    }
}
