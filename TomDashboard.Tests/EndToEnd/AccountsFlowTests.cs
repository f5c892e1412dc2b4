using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>A fresh install with nobody seeded: the first administrator, a colleague, sign-out.</summary>
public class FreshInstallServer : DashboardServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:InitialAdmin:UserName"] = "",
        ["Auth:InitialAdmin:Password"] = "",
        ["Auth:RevalidateSeconds"] = "5",
    };
}

public abstract partial class AccountsFlowTests(FreshInstallServer server)
{
    private const string AdminPassword = "first light at the observatory";
    private const string ColleaguePassword = "a colleague's long passphrase";

    [Fact]
    public async Task A_new_install_sets_up_its_administrator_who_adds_a_colleague_and_signing_out_stops_every_window()
    {
        // 1. The first page a fresh install opens is the setup page.
        var page = await server.NewSignedOutPageAsync();
        await page.GotoAsync("");
        await Assertions.Expect(page).ToHaveURLAsync(SetupAddress());
        await page.GetByTestId("setup-user-name").FillAsync("ada");
        await page.GetByTestId("setup-password").FillAsync(AdminPassword);
        await page.GetByTestId("setup-confirmation").FillAsync(AdminPassword + " typo");
        await page.GetByTestId("setup-create").ClickAsync();
        await Assertions.Expect(page.GetByText("The two passwords differ.")).ToBeVisibleAsync();
        await page.GetByTestId("setup-confirmation").FillAsync(AdminPassword);
        await page.GetByTestId("setup-create").ClickAsync();

        // 2. Signed in as the administrator, on the home page.
        await page.GetByTestId("user-menu").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("ada");
        await page.Keyboard.PressAsync("Escape");

        // 3. Setup is closed now.
        var late = await server.NewSignedOutPageAsync();
        await late.GotoAsync("setup");
        await Assertions.Expect(late).ToHaveURLAsync(SignInAddress());

        // 4. The administrator adds a colleague; a weak password is refused at the form.
        await page.GotoAsync("admin/users");
        await page.GetByTestId("new-user-name").FillAsync("grace");
        await page.GetByTestId("new-user-password").FillAsync("short");
        await page.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(page.GetByTestId("create-user-problem")).ToContainTextAsync("at least 12 characters");
        await page.GetByTestId("new-user-password").FillAsync(ColleaguePassword);
        await page.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-row-name").Filter(new() { HasText = "grace" })).ToBeVisibleAsync();

        // 5. The colleague signs in with a wrong password, then the right one; the users page is not theirs.
        var colleague = await server.NewSignedOutPageAsync();
        await colleague.GotoAsync("targets");
        await Assertions.Expect(colleague).ToHaveURLAsync(SignInAddress());
        await colleague.GetByTestId("user-name").FillAsync("grace");
        await colleague.GetByTestId("password").FillAsync("not the passphrase");
        await colleague.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(colleague.GetByTestId("sign-in-problem")).ToHaveTextAsync("The user name or password is not right.");
        await Assertions.Expect(colleague.GetByTestId("user-name")).ToHaveValueAsync("grace");
        await colleague.GetByTestId("password").FillAsync(ColleaguePassword);
        await colleague.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(colleague).ToHaveURLAsync(new Regex("/targets$"));
        await colleague.GotoAsync("admin/users");
        await Assertions.Expect(colleague.GetByText("This page is for administrators.")).ToBeVisibleAsync();
        await Assertions.Expect(colleague.GetByTestId("users")).ToHaveCountAsync(0);

        // 6. Signing out in one window stops the administrator's other windows too.
        var second = await page.Context.NewPageAsync();
        await second.GotoAsync("targets");
        await Assertions.Expect(second.GetByTestId("user-menu")).ToBeVisibleAsync();
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByText("Sign out").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SignInAddress());
        await Assertions.Expect(page.GetByTestId("sign-in-notice")).ToHaveTextAsync("You are signed out.");
        await Assertions.Expect(second).ToHaveURLAsync(SignInAddress(), new() { Timeout = 20_000 });

        // The colleague's session is theirs and goes on.
        await colleague.GotoAsync("targets");
        await Assertions.Expect(colleague.GetByTestId("user-menu")).ToBeVisibleAsync();
    }

    [GeneratedRegex("/setup$")]
    private static partial Regex SetupAddress();

    [GeneratedRegex("/account/sign-in")]
    private static partial Regex SignInAddress();
}

/// <summary>A fresh install on PostgreSQL.</summary>
public sealed class FreshInstallPostgresServer : FreshInstallServer
{
    protected override TomDashboard.Data.DatabaseProvider Provider => TomDashboard.Data.DatabaseProvider.Postgres;
}

public sealed class AccountsFlowOnSqliteTests(FreshInstallServer server) : AccountsFlowTests(server), IClassFixture<FreshInstallServer>;

public sealed class AccountsFlowOnPostgresTests(FreshInstallPostgresServer server) : AccountsFlowTests(server), IClassFixture<FreshInstallPostgresServer>;
