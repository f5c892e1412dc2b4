using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Pages.Streams;
using TomDashboard.Components.Shared;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components.Streams;

public sealed class LiveAlertsTests : DashboardTestContext
{
    private readonly LiveAlertHub _hub = new(Options.Create(new LiveOptions { RenderIntervalMilliseconds = 30 }));

    public LiveAlertsTests()
    {
        Services.AddSingleton(_hub);
        Services.AddSingleton(Options.Create(new LiveOptions { RenderIntervalMilliseconds = 30 }));
    }

    private static GenericAlert Alert(string id, string name, string topic = "ztf_simulated") => new()
    {
        Id = id,
        Name = name,
        Source = "Simulated ZTF",
        Topic = topic,
        Ra = 150,
        Dec = -30,
        Mag = 18.5,
        Score = 0.9,
        Timestamp = DateTimeOffset.UtcNow.AddMinutes(-3),
        ReceivedAt = DateTimeOffset.UtcNow,
    };

    private IRenderedComponent<LiveAlerts> RenderLive()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        Render<MudDialogProvider>();
        return Render<LiveAlerts>();
    }

    // The page draws whenever a batch arrives, so tests find and click a button in one dispatch (see bUnit's advice).
    private static List<string> RowNames(IRenderedComponent<LiveAlerts> page) =>
        [.. page.FindAll("tr.alert-row [data-column='name']").Select(name => name.TextContent.Trim())];

    [Fact]
    public void Shows_hub_alerts_newest_first_with_stream_topic_and_latency()
    {
        var page = RenderLive();

        _hub.Publish(Alert("1", "ZTF26first"));
        _hub.Publish(Alert("2", "ZTF26second"));

        page.WaitForAssertion(() => Assert.Equal(["ZTF26second", "ZTF26first"], RowNames(page)));
        var row = page.Find("tr.alert-row");
        Assert.Contains("Simulated ZTF", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("ztf_simulated", row.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^\+3m \d\ds · \+\d+\.\ds$", row.QuerySelector("[data-column='latency']")!.TextContent.Trim());
        Assert.Equal("2 total", page.Find("[data-testid='live-total']").TextContent.Trim());
    }

    [Fact]
    public async Task Pause_holds_new_alerts_and_counts_them_and_resume_shows_them()
    {
        var page = RenderLive();
        _hub.Publish(Alert("1", "ZTF26first"));
        page.WaitForAssertion(() => Assert.Single(RowNames(page)));

        await page.InvokeAsync(() => page.FindAll("button").Single(button => button.TextContent.Trim() == "Pause").Click());
        _hub.Publish(Alert("2", "ZTF26second"));
        _hub.Publish(Alert("3", "ZTF26third"));

        page.WaitForAssertion(() => Assert.Contains("Resume (2 new while paused)", page.Markup, StringComparison.Ordinal));
        Assert.Equal(["ZTF26first"], RowNames(page));

        await page.InvokeAsync(() => page.FindAll("button").Single(button => button.TextContent.Contains("Resume", StringComparison.Ordinal)).Click());
        page.WaitForAssertion(() => Assert.Equal(["ZTF26third", "ZTF26second", "ZTF26first"], RowNames(page)));
    }

    [Fact]
    public async Task Leaving_the_page_ends_its_subscription()
    {
        RenderLive();
        Assert.Equal(1, _hub.Subscribers);

        await DisposeComponentsAsync();

        Assert.Equal(0, _hub.Subscribers);
        _hub.Publish(Alert("1", "nobody is watching"));
    }

    [Fact]
    public async Task Create_target_on_a_live_row_stores_the_target_and_the_packets_photometry()
    {
        var page = RenderLive();
        var alert = Alert("1", "ZTF26fresh");
        _hub.Publish(alert, new LiveAlertDetails(
        [
            new PhotometryPoint { Timestamp = DateTimeOffset.UtcNow.AddDays(-1), Band = "ztfg", Magnitude = 18.9, MagnitudeError = 0.05, Source = "ZTF" },
            new PhotometryPoint { Timestamp = DateTimeOffset.UtcNow.AddDays(-2), Band = "ztfr", Limit = 20.4, Source = "ZTF" },
        ], null));
        page.WaitForAssertion(() => Assert.Single(RowNames(page)));

        await page.InvokeAsync(() => page.FindAll("button").Single(button => button.TextContent.Trim() == "Create target").Click());

        page.WaitForAssertion(() => Assert.Contains("Created", page.Find("tr.alert-row").TextContent, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        var target = await database.Targets.Include(each => each.Photometry).SingleAsync(Cancellation);
        Assert.Equal(("ZTF26fresh", "Simulated ZTF"), (target.Name, target.SourceBroker));
        Assert.Equal(2, target.Photometry.Count);
    }

    [Fact]
    public async Task View_on_a_live_row_shows_the_packet_json_the_hubs_details_make()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<LiveAlerts>();
        var alert = Alert("1", "ZTF26viewed") with { RawJson = "{\"note\": \"no longer held\"}" };
        _hub.Publish(alert, new LiveAlertDetails([], null) { RawJsonSource = () => "{\"objectId\": \"ZTF26viewed\", \"rb\": 0.93}" });
        page.WaitForAssertion(() => Assert.Single(RowNames(page)));

        await page.InvokeAsync(() => page.FindAll("button").Single(button => button.TextContent.Trim() == "View").Click());

        dialogs.WaitForAssertion(() => Assert.Contains("0.93", dialogs.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("no longer held", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stream_filter_keeps_only_the_chosen_topic()
    {
        var page = RenderLive();
        _hub.Publish(Alert("1", "ZTF26first", topic: "ztf_a"));
        _hub.Publish(Alert("2", "ZTF26second", topic: "ztf_b"));
        page.WaitForAssertion(() => Assert.Equal(2, RowNames(page).Count));

        page.FindComponent<MudSelect<string>>().InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("Simulated ZTF / ztf_b"));

        page.WaitForAssertion(() => Assert.Equal(["ZTF26second"], RowNames(page)));
    }

    [Fact]
    public void A_page_keeps_its_newest_rows_up_to_its_limit()
    {
        var options = new LiveOptions { RenderIntervalMilliseconds = 30, MaxRows = 100 };
        Services.AddSingleton(Options.Create(options));
        var page = RenderLive();
        for (var index = 1; index <= 150; index++)
        {
            _hub.Publish(Alert($"{index}", $"ZTF26n{index:000}"));
        }

        page.WaitForAssertion(() => Assert.Equal("150 total", page.Find("[data-testid='live-total']").TextContent.Trim()));
        var grid = page.FindComponent<AlertGrid>();
        Assert.Equal(100, grid.Instance.Alerts.Count);
        Assert.Equal(("ZTF26n150", "ZTF26n051"), (grid.Instance.Alerts[0].Name, grid.Instance.Alerts[^1].Name));
        Assert.Equal("ZTF26n150", RowNames(page)[0]);
    }
}
