using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>
/// The team flow: the administrator adds a colleague and a group, shares one target through the group and keeps
/// another private; the colleague sees only the shared one, by list, by search and by address.
/// </summary>
public abstract partial class SharingFlowTests(DashboardServer server)
{
    private const string ColleaguePassword = "observing run at la silla";

    [Fact]
    public async Task A_target_shared_through_a_group_is_seen_by_the_colleague_and_a_private_one_is_not()
    {
        var admin = await server.NewPageAsync();
        var errors = new List<string>();
        admin.PageError += (_, error) => errors.Add(error);

        // 1. A colleague and a group with both of them.
        await admin.GotoAsync("admin/users");
        await admin.GetByTestId("new-user-name").FillAsync("grace");
        await admin.GetByTestId("new-user-password").FillAsync(ColleaguePassword);
        await admin.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("user-row-name").Filter(new() { HasText = "grace" })).ToBeVisibleAsync();
        await admin.GetByTestId("new-group-name").FillAsync("Kilonova team");
        await admin.GetByTestId("create-group").ClickAsync();
        var group = admin.GetByTestId("group").Filter(new() { HasText = "Kilonova team" });
        foreach (var member in new[] { InProcessDashboard.AdministratorName, "grace" })
        {
            await group.GetByTestId("member-name").FillAsync(member);
            await group.GetByTestId("add-member").ClickAsync();
            await Assertions.Expect(group.GetByTestId("group-member").Filter(new() { HasText = member })).ToBeVisibleAsync();
        }

        // 2. Two targets from the tutorial broker: new targets are private, shared with all of the creator's groups.
        var shared = await CreateTargetAsync(admin, "Tatooine");
        await Assertions.Expect(admin.GetByTestId("sharing-summary")).ToContainTextAsync("Private");
        await Assertions.Expect(admin.GetByTestId("sharing-summary")).ToContainTextAsync("Shared with Kilonova team.");
        var kept = await CreateTargetAsync(admin, "Hoth");

        // 3. Hoth is taken out of the group: private to its owner.
        await admin.GetByTestId("share-groups").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Kilonova team" }).ClickAsync();
        await admin.Keyboard.PressAsync("Escape");
        await admin.GetByTestId("save-sharing").ClickAsync();
        await Assertions.Expect(admin.Locator(".mud-snackbar", new() { HasText = "Hoth is private to its owner and 0 group(s)." })).ToBeVisibleAsync();

        // 4. The colleague sees Tatooine everywhere, and Hoth nowhere.
        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() });
        var grace = await context.NewPageAsync();
        await InProcessDashboard.SignInAsync(grace, "grace", ColleaguePassword);
        await grace.GotoAsync("targets");
        await Assertions.Expect(grace.GetByRole(AriaRole.Link, new() { Name = "Tatooine", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(grace.GetByRole(AriaRole.Link, new() { Name = "Hoth", Exact = true })).ToHaveCountAsync(0);
        await grace.GotoAsync(shared);
        await Assertions.Expect(grace.GetByTestId("target-name")).ToHaveTextAsync("Tatooine");
        await grace.GotoAsync(kept);
        await Assertions.Expect(grace.GetByText("Target not found")).ToBeVisibleAsync();
        await Assertions.Expect(grace.GetByTestId("target-name")).ToHaveCountAsync(0);

        // 5. The duplicate check does not tell her what Hoth is.
        await grace.GotoAsync("alerts/query/list");
        await RunTutorialQueryAsync(grace, "Hoth");
        await grace.Locator("tr.alert-row", new() { HasText = "Hoth" }).GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        var refusal = grace.Locator(".mud-snackbar", new() { HasText = "a target you cannot see" });
        await Assertions.Expect(refusal).ToBeVisibleAsync();
        await Assertions.Expect(refusal.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);

        await Assertions.Expect(admin.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    /// <summary>Runs a tutorial query for the name, creates the target from its row and opens it; returns its address.</summary>
    private static async Task<string> CreateTargetAsync(IPage page, string name)
    {
        await page.GotoAsync("alerts/query/list");
        await RunTutorialQueryAsync(page, name);
        await page.Locator("tr.alert-row", new() { HasText = name }).GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        await page.Locator(".mud-snackbar", new() { HasText = $"Target {name} created." }).GetByRole(AriaRole.Link, new() { Name = "Open target" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("target-name")).ToHaveTextAsync(name);
        return page.Url;
    }

    private static async Task RunTutorialQueryAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Create MyBroker query" }).ClickAsync();
        await page.GetByLabel("Query name").FillAsync($"{name} watch {Guid.NewGuid():N}");
        await page.GetByLabel("Target name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr.alert-row", new() { HasText = name })).ToBeVisibleAsync();
    }
}

public sealed class SharingFlowOnSqliteTests(DashboardServer server) : SharingFlowTests(server), IClassFixture<DashboardServer>;

public sealed class SharingFlowOnPostgresTests(PostgresDashboardServer server) : SharingFlowTests(server), IClassFixture<PostgresDashboardServer>;
