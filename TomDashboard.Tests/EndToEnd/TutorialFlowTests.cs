using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>The TOM Toolkit tutorial, done the way a new user would do it, in a real browser.</summary>
public abstract partial class TutorialFlowTests(DashboardServer server)
{
    [Fact]
    public async Task Create_a_MyBroker_query_run_it_create_the_target_and_get_the_duplicate_message()
    {
        var page = await server.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        // 1. Saved queries, then a new MyBroker query for Tatooine, saved and run.
        await page.GotoAsync("alerts/query/list");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Saved queries" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create MyBroker query" }).ClickAsync();
        await page.GetByLabel("Query name").FillAsync("Tatooine watch");
        await page.GetByLabel("Target name").FillAsync("Tatooine");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();

        // 2. The Tatooine row, at RA 32 and Dec -20.
        var row = page.Locator("tr.alert-row", new() { HasText = "Tatooine" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-column='ra']")).ToHaveTextAsync("32.00000");
        await Assertions.Expect(row.Locator("[data-column='dec']")).ToHaveTextAsync("-20.00000");
        await Assertions.Expect(row).ToContainTextAsync("02:08:00.000");
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Finished");
        var runAddress = page.Url;

        await row.GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        var created = page.Locator(".mud-snackbar", new() { HasText = "Target Tatooine created." });
        await Assertions.Expect(created).ToBeVisibleAsync();

        // 3. The targets page lists Tatooine.
        await page.GotoAsync("targets");
        var targetLink = page.GetByRole(AriaRole.Link, new() { Name = "Tatooine", Exact = true });
        await Assertions.Expect(targetLink).ToBeVisibleAsync();
        await targetLink.ClickAsync();
        await Assertions.Expect(page.GetByTestId("target-name")).ToHaveTextAsync("Tatooine");
        await Assertions.Expect(page.GetByTestId("target-ra")).ToContainTextAsync("02:08:00.000");
        await Assertions.Expect(page.GetByTestId("target-dec")).ToContainTextAsync("-20:00:00.00");

        // 4. Running the query again and creating the same target gives the duplicate message, with the way to it.
        await page.GotoAsync(runAddress);
        row = page.Locator("tr.alert-row", new() { HasText = "Tatooine" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        var offer = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(offer.GetByTestId("duplicate-message")).ToHaveTextAsync("A target named Tatooine already exists.");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Open Tatooine" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(TargetPage());

        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.Empty(errors);
        Assert.Empty(server.ContentSecurityViolations);
    }

    [Fact]
    public async Task Unknown_brokers_and_queries_get_a_clear_not_found_page()
    {
        var page = await server.NewPageAsync();

        await page.GotoAsync("alerts/query/create?broker=NoSuchBroker");
        await Assertions.Expect(page.GetByText("There is no broker named \u201cNoSuchBroker\u201d.", new() { Exact = false })).ToBeVisibleAsync();

        await page.GotoAsync("alerts/query/424242/update");
        await Assertions.Expect(page.GetByText("There is no saved query with id 424242.")).ToBeVisibleAsync();

        await page.GotoAsync("targets/424242");
        await Assertions.Expect(page.GetByText("There is no target with id 424242.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_query_without_a_target_name_shows_the_message_at_the_field_and_keeps_what_was_typed()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("alerts/query/create?broker=MyBroker");
        await page.GetByLabel("Query name").FillAsync("Half-filled");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-parameter='TargetName']")).ToContainTextAsync("Enter the target name to look for.");
        await Assertions.Expect(page.GetByLabel("Query name")).ToHaveValueAsync("Half-filled");
        await Assertions.Expect(page).ToHaveURLAsync(CreatePage());
    }

    [GeneratedRegex(@"/targets/\d+$")]
    private static partial Regex TargetPage();

    [GeneratedRegex(@"/alerts/query/create\?broker=MyBroker$")]
    private static partial Regex CreatePage();
}

public sealed class TutorialFlowOnSqliteTests(DashboardServer server) : TutorialFlowTests(server), IClassFixture<DashboardServer>;

public sealed class TutorialFlowOnPostgresTests(PostgresDashboardServer server) : TutorialFlowTests(server), IClassFixture<PostgresDashboardServer>;
