using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>Import a CSV, put its targets in a list, rename the list, edit a target and export, in a real browser.</summary>
public abstract partial class TargetOrganiseFlowTests(DashboardServer server)
{
    [Fact]
    public async Task Import_a_csv_list_the_targets_rename_the_list_edit_a_target_and_export()
    {
        var page = await server.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        // 1. Import: two targets and a row without a name.
        await page.GotoAsync("targets");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import CSV" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import targets from CSV" })).ToBeVisibleAsync();
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "tonight.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("name,type,ra,dec,epoch,classification,name2\r\n"
                + "SN 2026e2e,SIDEREAL,187.70593,-0.5,2000,SN Ia,ZTF26e2eaaaa\r\n"
                + "Gaia26e2e,SIDEREAL,10.25,41.5,2000,,\r\n"
                + ",SIDEREAL,1,1,,,\r\n"),
        });
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("2 created");
        await Assertions.Expect(page.GetByText("The target was not created: a target needs a name.")).ToBeVisibleAsync();

        // 2. Both into a new list.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add these targets to a list" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "List", Exact = true }).FillAsync("Tonight e2e");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and add" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Added 2 targets to the list Tonight e2e." })).ToBeVisibleAsync();

        // 3. The lists page: the count, then a rename.
        await page.GetByRole(AriaRole.Link, new() { Name = "Lists" }).ClickAsync();
        var row = page.Locator("tr", new() { HasText = "Tonight e2e" });
        await Assertions.Expect(row.GetByTestId("list-count")).ToHaveTextAsync("2");
        await row.GetByRole(AriaRole.Button, new() { Name = "Rename Tonight e2e" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "List name", Exact = true }).FillAsync("Spectra wanted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("list-name").GetByText("Spectra wanted")).ToBeVisibleAsync();

        // 4. Edit a target: sexagesimal RA, helper text in degrees, back to the target page.
        await page.GotoAsync("targets");
        await page.GetByRole(AriaRole.Link, new() { Name = "Gaia26e2e", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Name *", Exact = true })).ToHaveValueAsync("Gaia26e2e");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "RA *", Exact = true }).FillAsync("00:42:00");
        await Assertions.Expect(page.GetByText("= 10.500000°")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Saved Gaia26e2e." })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(TargetPage());
        await Assertions.Expect(page.GetByTestId("target-ra")).ToContainTextAsync("00:42:00.000");

        // 5. Export everything as a download, in the TOM Toolkit's layout.
        await page.GotoAsync("targets");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        using var reader = new StreamReader(await download.CreateReadStreamAsync());
        var csv = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("name,type,ra,dec,epoch,classification,name2\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("SN 2026e2e,SIDEREAL,187.70593,-0.5,2000,SN Ia,ZTF26e2eaaaa", csv, StringComparison.Ordinal);
        Assert.Equal("targets.csv", download.SuggestedFilename);

        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    [GeneratedRegex(@"/targets/\d+$")]
    private static partial Regex TargetPage();
}

public sealed class TargetOrganiseFlowOnSqliteTests(DashboardServer server) : TargetOrganiseFlowTests(server), IClassFixture<DashboardServer>;

public sealed class TargetOrganiseFlowOnPostgresTests(PostgresDashboardServer server) : TargetOrganiseFlowTests(server), IClassFixture<PostgresDashboardServer>;
