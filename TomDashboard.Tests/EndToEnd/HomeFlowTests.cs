using Microsoft.Playwright;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>The app on its embedded defaults (the simulated stream, no broker tokens), sampling the rate every second.</summary>
public class HomeServer : DashboardServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Live:RateSampleSeconds"] = "1",
    };
}

public abstract class HomeFlowTests(HomeServer server)
{
    [Fact]
    public async Task The_home_shows_the_simulated_stream_flowing_and_which_brokers_need_configuration_without_a_click()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("");

        var stream = page.GetByTestId("stream-health").Locator("[data-stream='Simulated ZTF']");
        await Assertions.Expect(stream.GetByTestId("stream-state")).ToHaveTextAsync("connected");
        var lasair = page.GetByTestId("broker-health").Locator("[data-broker='Lasair']");
        await Assertions.Expect(lasair.GetByTestId("broker-state")).ToHaveTextAsync("needs configuration");
        await Assertions.Expect(lasair.GetByTestId("broker-summary")).ToContainTextAsync("Brokers__Lasair__ZtfToken");
        await Assertions.Expect(page.GetByTestId("broker-health").Locator("[data-broker='MyBroker']").GetByTestId("broker-state")).ToHaveTextAsync("available");

        // The rate is drawn, and tonight's total rises while the page is open.
        await Assertions.Expect(page.GetByTestId("live-rate").Locator("svg").First).ToBeVisibleAsync();
        var firstTotal = await TonightAsync(page);
        await Assertions.Expect(page.GetByTestId("tonight-total")).Not.ToHaveTextAsync($"{firstTotal:N0} tonight");
        Assert.True(await TonightAsync(page) > firstTotal);
        await Assertions.Expect(page.GetByTestId("stream-rate")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("stream-rate")).ToContainTextAsync("Simulated ZTF:");
        await Assertions.Expect(page.GetByTestId("inactive-streams")).ToContainTextAsync("Rubin");

        // The newest alerts change under the reader's eyes.
        var newest = page.GetByTestId("newest-alerts").Locator("tr.alert-row [data-column='name']").First;
        await Assertions.Expect(newest).ToBeVisibleAsync();
        var firstName = (await newest.TextContentAsync())!.Trim();
        await Assertions.Expect(newest).Not.ToHaveTextAsync(firstName);
        Assert.Empty(server.ContentSecurityViolations);
    }

    private static async Task<long> TonightAsync(IPage page)
    {
        var text = await page.GetByTestId("tonight-total").TextContentAsync();
        return long.Parse(text!.Replace(" tonight", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The same defaults on PostgreSQL.</summary>
public sealed class HomePostgresServer : HomeServer
{
    protected override TomDashboard.Data.DatabaseProvider Provider => TomDashboard.Data.DatabaseProvider.Postgres;
}

public sealed class HomeFlowOnSqliteTests(HomeServer server) : HomeFlowTests(server), IClassFixture<HomeServer>;

public sealed class HomeFlowOnPostgresTests(HomePostgresServer server) : HomeFlowTests(server), IClassFixture<HomePostgresServer>;
