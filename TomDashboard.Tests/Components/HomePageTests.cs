using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Pages;
using TomDashboard.Queries;
using TomDashboard.Streams;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

public sealed class HomePageTests : DashboardTestContext
{
    private readonly LiveAlertHub _hub = new(Options.Create(new LiveOptions { RenderIntervalMilliseconds = 30 }));
    private readonly StreamHealthRegistry _streams = new();
    private readonly FakeTimeProvider _sampleTime = new(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero));
    private readonly StreamRateHistory _rates;

    public HomePageTests()
    {
        _rates = new StreamRateHistory(_streams, _sampleTime);
        Services.AddSingleton(_hub);
        Services.AddSingleton(Options.Create(new LiveOptions { RenderIntervalMilliseconds = 30 }));
        Services.AddSingleton(_streams);
        Services.AddSingleton(_rates);
    }

    private IRenderedComponent<Home> RenderHome()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        Render<MudDialogProvider>();
        return Render<Home>();
    }

    [Fact]
    public async Task Each_panel_shows_what_its_source_holds()
    {
        var simulated = _streams.Register("Simulated ZTF", StreamKind.Simulated, []);
        simulated.Connected();
        simulated.Lag("ztf_simulated", 12);
        _rates.Sample();
        for (var i = 0; i < 50; i++)
        {
            simulated.MessageHandled("ztf_simulated", _sampleTime.GetUtcNow(), failed: false);
        }

        _sampleTime.Advance(_rates.Interval);
        _rates.Sample();
        await SeedAsync();

        var page = RenderHome();

        page.WaitForAssertion(() =>
        {
            var stream = page.Find("[data-testid='stream-health'] [data-stream='Simulated ZTF']");
            Assert.Equal("connected", stream.QuerySelector("[data-testid='stream-state']")!.TextContent.Trim());
            Assert.Contains("lag 12", stream.TextContent, StringComparison.Ordinal);
            Assert.Contains("Simulated ZTF: 5.0 alerts/s now, 50 tonight", page.Find("[data-testid='stream-rate']").TextContent, StringComparison.Ordinal);
            Assert.Equal("50 tonight", page.Find("[data-testid='tonight-total']").TextContent.Trim());
            var broker = page.Find($"[data-testid='broker-health'] [data-broker='{ChannelBroker.BrokerName}']");
            Assert.Equal("available", broker.QuerySelector("[data-testid='broker-state']")!.TextContent.Trim());
            var target = page.Find("[data-testid='newest-targets'] [data-target]");
            Assert.Contains("ZTF26home", target.TextContent, StringComparison.Ordinal);
            Assert.Contains($"by {TestUserName} from ALeRCE · lists: Tonight", target.TextContent, StringComparison.Ordinal);
            var query = page.Find("[data-testid='saved-queries'] [data-query]");
            Assert.Contains("Bright SNe", query.TextContent, StringComparison.Ordinal);
            Assert.Equal("· 1,234 alerts (stopped at the row limit)", query.QuerySelector("[data-testid='query-run-outcome']")!.TextContent.Trim());
            Assert.EndsWith("/run", query.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_new_hub_alert_appears_among_the_newest_with_the_grids_row_actions()
    {
        var page = RenderHome();
        page.WaitForAssertion(() => Assert.Contains("Waiting for alerts", page.Find("[data-testid='newest-alerts']").TextContent, StringComparison.Ordinal));

        _hub.Publish(new GenericAlert
        {
            Id = "42",
            Name = "ZTF26homealert",
            Source = "Simulated ZTF",
            Topic = "ztf_simulated",
            Ra = 150,
            Dec = -30,
            Mag = 18.5,
            Timestamp = DateTimeOffset.UtcNow.AddMinutes(-1),
            ReceivedAt = DateTimeOffset.UtcNow,
        });

        page.WaitForAssertion(() =>
        {
            var row = page.Find("[data-testid='newest-alerts'] tr.alert-row");
            Assert.Equal("ZTF26homealert", row.QuerySelector("[data-column='name']")!.TextContent.Trim());
            Assert.Contains("Create target", row.InnerHtml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Only_the_newest_ten_alerts_stay()
    {
        var page = RenderHome();
        for (var i = 0; i < 15; i++)
        {
            _hub.Publish(new GenericAlert { Id = $"{i}", Name = $"ZTF26many{i:00}", Source = "Simulated ZTF", Topic = "ztf_simulated", ReceivedAt = DateTimeOffset.UtcNow });
        }

        page.WaitForAssertion(() =>
        {
            var names = page.FindAll("[data-testid='newest-alerts'] tr.alert-row [data-column='name']").Select(name => name.TextContent.Trim()).ToList();
            Assert.Equal(Home.NewestCount, names.Count);
            Assert.Equal("ZTF26many14", names[0]);
        });
    }

    [Fact]
    public void A_failing_stream_shows_its_reason()
    {
        var gcn = _streams.Register("GCN", StreamKind.Kafka, []);
        gcn.Failing("GCN refused the credentials: check Streams:1:Kafka:sasl.username", DateTimeOffset.UtcNow);

        var page = RenderHome();

        page.WaitForAssertion(() =>
        {
            var stream = page.Find("[data-testid='stream-health'] [data-stream='GCN']");
            Assert.Equal("failing", stream.QuerySelector("[data-testid='stream-state']")!.TextContent.Trim());
            Assert.Equal("GCN refused the credentials: check Streams:1:Kafka:sasl.username", page.Find("[data-testid='stream-reason']").TextContent.Trim());
        });
    }

    private async Task SeedAsync()
    {
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        var target = new Target { Name = "ZTF26home", Ra = 10, Dec = 20, Created = DateTimeOffset.UtcNow.AddMinutes(-5), Modified = DateTimeOffset.UtcNow, OwnerId = TestUserId, SourceBroker = "ALeRCE" };
        target.Names.Add(new TargetName { Name = "ZTF26home", Simplified = "ztf26home" });
        database.Targets.Add(target);
        var list = new TargetList { Name = "Tonight", OwnerId = TestUserId, Created = DateTimeOffset.UtcNow };
        database.TargetLists.Add(list);
        database.BrokerQueries.Add(new BrokerQuery
        {
            Name = "Bright SNe",
            Broker = ChannelBroker.BrokerName,
            ParametersJson = "{}",
            OwnerId = TestUserId,
            Created = DateTimeOffset.UtcNow,
            Modified = DateTimeOffset.UtcNow,
            LastRun = DateTimeOffset.UtcNow.AddMinutes(-2),
            LastRunAlertCount = 1234,
            LastRunStatus = QueryRunStatus.LimitReached,
        });
        await database.SaveChangesAsync(Cancellation);
        database.TargetListMembers.Add(new TargetListMember { TargetListId = list.Id, TargetId = target.Id, Added = DateTimeOffset.UtcNow });
        await database.SaveChangesAsync(Cancellation);
    }
}
