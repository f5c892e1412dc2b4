using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Pages.Alerts;
using TomDashboard.Queries;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

public sealed class RunQueryTests : DashboardTestContext
{
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    private async Task<long> SaveQueryAsync(string broker = ChannelBroker.BrokerName, string parameters = "{\"search\":\"all\"}")
    {
        var queries = Services.GetRequiredService<SavedQueries>();
        return (await queries.SaveAsync(null, "Tonight's transients", broker, parameters, Viewer.System, Cancellation))!.Value;
    }

    private IRenderedComponent<RunQuery> RenderRun(long id)
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render<RunQuery>(parameters => parameters.Add(page => page.Id, id));
    }

    [Fact]
    public async Task Shows_rows_as_the_broker_produces_them_while_it_is_still_running()
    {
        var page = RenderRun(await SaveQueryAsync());
        await Broker.Started.Task.WaitAsync(Waits.Patiently, Cancellation);

        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "ZTF24aaaaaaa", 150.25, -12.5, 18.4, 0.91), Cancellation);
        page.WaitForAssertion(() =>
        {
            Assert.Contains("ZTF24aaaaaaa", page.Markup, StringComparison.Ordinal);
            Assert.Equal("1 alert", page.Find("[data-testid='run-count']").TextContent.Trim());
            Assert.Equal("Running", page.Find("[data-testid='run-status']").TextContent.Trim());
        });

        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("2", "ZTF24bbbbbbb", 10.0, 45.0), Cancellation);
        page.WaitForAssertion(() =>
        {
            Assert.Contains("ZTF24bbbbbbb", page.Markup, StringComparison.Ordinal);
            Assert.Equal("2 alerts", page.Find("[data-testid='run-count']").TextContent.Trim());
        });

        var row = page.FindAll("tr.alert-row").Single(each => each.TextContent.Contains("ZTF24aaaaaaa", StringComparison.Ordinal));
        Assert.Contains("150.25000", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("10:01:00.000", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("-12:30:00.00", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://broker.example/objects/ZTF24aaaaaaa", row.QuerySelector("a[href*='broker.example']")!.GetAttribute("href"));

        Broker.Alerts.Writer.Complete();
        page.WaitForAssertion(() => Assert.Equal("Finished", page.Find("[data-testid='run-status']").TextContent.Trim()));
        Assert.DoesNotContain(page.FindAll("button"), button => button.TextContent.Trim() == "Cancel");
    }

    [Fact]
    public async Task Cancel_stops_the_broker_and_keeps_the_rows()
    {
        var page = RenderRun(await SaveQueryAsync());
        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "ZTF24aaaaaaa", 150.25, -12.5), Cancellation);
        page.WaitForAssertion(() => Assert.Contains("ZTF24aaaaaaa", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(button => button.TextContent.Trim() == "Cancel").Click();

        await Broker.Cancelled.Task.WaitAsync(Waits.Patiently, Cancellation);
        page.WaitForAssertion(() => Assert.Equal("Cancelled", page.Find("[data-testid='run-status']").TextContent.Trim()));
        Assert.Contains("ZTF24aaaaaaa", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_the_page_cancels_the_broker()
    {
        var page = RenderRun(await SaveQueryAsync());
        await Broker.Started.Task.WaitAsync(Waits.Patiently, Cancellation);

        await DisposeComponentsAsync();

        await Broker.Cancelled.Task.WaitAsync(Waits.Patiently, Cancellation);
        Assert.True(Broker.Cancelled.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Shows_broker_feedback_as_text_next_to_the_rows()
    {
        var page = RenderRun(await SaveQueryAsync());
        await Broker.Started.Task.WaitAsync(Waits.Patiently, Cancellation);

        Broker.Say(FeedbackSeverity.Warning, "<script>alert('x')</script> quota nearly used");
        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "<b>bold</b>", 1, 1), Cancellation);

        page.WaitForAssertion(() =>
        {
            var feedback = page.Find("[data-testid='broker-feedback']");
            Assert.Contains("<script>alert('x')</script> quota nearly used", feedback.TextContent, StringComparison.Ordinal);
            Assert.Empty(page.FindAll("script"));
            Assert.Empty(page.FindAll("tr.alert-row b"));
            Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", page.Markup, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Running_updates_the_querys_last_run()
    {
        var id = await SaveQueryAsync();
        RenderRun(id);
        await Broker.Started.Task.WaitAsync(Waits.Patiently, Cancellation);

        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        var query = await database.BrokerQueries.SingleAsync(each => each.Id == id, Cancellation);
        Assert.NotNull(query.LastRun);
    }

    [Fact]
    public async Task A_finished_run_records_its_alert_count_and_ending()
    {
        var id = await SaveQueryAsync();
        var page = RenderRun(id);
        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "ZTF24aaaaaaa", 150.25, -12.5), Cancellation);
        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("2", "ZTF24bbbbbbb", 10.0, 45.0), Cancellation);
        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("3", "ZTF24ccccccc", 11.0, 46.0), Cancellation);
        Broker.Alerts.Writer.Complete();
        page.WaitForAssertion(() => Assert.Equal("Finished", page.Find("[data-testid='run-status']").TextContent.Trim()));

        var query = await WaitForRunEndAsync(id);
        Assert.Equal(3, query.LastRunAlertCount);
        Assert.Equal(QueryRunStatus.Completed, query.LastRunStatus);
        Assert.Equal(" · 3 alerts", QueryRunOutcome.Describe(query));
    }

    [Fact]
    public async Task Leaving_the_page_mid_run_records_the_alerts_shown_as_cancelled()
    {
        var id = await SaveQueryAsync();
        var page = RenderRun(id);
        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "ZTF24aaaaaaa", 150.25, -12.5), Cancellation);
        page.WaitForAssertion(() => Assert.Contains("ZTF24aaaaaaa", page.Markup, StringComparison.Ordinal));

        await DisposeComponentsAsync();

        var query = await WaitForRunEndAsync(id);
        Assert.Equal(1, query.LastRunAlertCount);
        Assert.Equal(QueryRunStatus.Cancelled, query.LastRunStatus);
        Assert.Equal(" · 1 alert (cancelled)", QueryRunOutcome.Describe(query));
    }

    private async Task<BrokerQuery> WaitForRunEndAsync(long id)
    {
        var deadline = DateTime.UtcNow + Waits.Patiently;
        while (true)
        {
            await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
            var query = await database.BrokerQueries.SingleAsync(each => each.Id == id, Cancellation);
            if (query.LastRunStatus is not null || DateTime.UtcNow > deadline)
            {
                return query;
            }

            await Task.Delay(20, Cancellation);
        }
    }

    [Fact]
    public async Task Create_target_saves_it_and_a_second_click_offers_the_existing_one()
    {
        var page = RenderRun(await SaveQueryAsync());
        await Broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "ZTF24aaaaaaa", 150.25, -12.5), Cancellation);
        page.WaitForAssertion(() => Assert.Contains("ZTF24aaaaaaa", page.Markup, StringComparison.Ordinal));

        Button(page, "Create target").Click();
        page.WaitForAssertion(() => Assert.Contains("Created", page.Find("tr.alert-row").TextContent, StringComparison.Ordinal));
        Button(page, "Create target").Click();
        _dialogs.WaitForAssertion(() => Assert.Equal("A target named ZTF24aaaaaaa already exists.", _dialogs.Find("[data-testid='duplicate-message']").TextContent.Trim()));
        _dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Cancel").Click();

        page.WaitForAssertion(() => Assert.Contains("Duplicate of ZTF24aaaaaaa", page.Find("tr.alert-row").TextContent, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
    }

    [Fact]
    public void An_unknown_query_shows_a_not_found_message()
    {
        var page = RenderRun(987654);
        page.WaitForAssertion(() => Assert.Contains("There is no saved query with id 987654.", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parameters_that_no_longer_fit_the_broker_give_a_message_not_an_error()
    {
        var page = RenderRun(await SaveQueryAsync(parameters: "[1, 2, 3]"));
        page.WaitForAssertion(() => Assert.Contains("The saved parameters no longer fit this broker", page.Markup, StringComparison.Ordinal));
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<RunQuery> page, string text) =>
        page.FindAll("button").First(button => button.TextContent.Trim() == text);
}
