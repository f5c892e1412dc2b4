using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Pages.Alerts;
using TomDashboard.Components.Pages.Targets;
using TomDashboard.Components.Shared;
using TomDashboard.Data;
using TomDashboard.Queries;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

/// <summary>
/// Another program holds the database's write lock: each write path keeps its page and what was typed, says the database
/// is busy, and the same action works once the lock is gone.
/// </summary>
public sealed class BusyDatabaseTests : DashboardTestContext
{
    public BusyDatabaseTests() =>
        // The app's services give up on the lock after a second, not thirty; the test's own seeding uses Database.Factory.
        Services.AddSingleton(_ => DatabaseLock.ImpatientFactory(Database));

    private IRenderedComponent<MudSnackbarProvider> _snackbars = default!;
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    private void RenderProviders()
    {
        Render<MudPopoverProvider>();
        _snackbars = Render<MudSnackbarProvider>();
        _dialogs = Render<MudDialogProvider>();
    }

    private Task<DatabaseLock> LockAsync() => DatabaseLock.TakeAsync(Database, Cancellation);

    [Fact]
    public async Task Save_on_the_edit_page_keeps_the_typed_name_says_busy_and_saves_once_the_lock_is_gone()
    {
        var created = await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft { Name = "ZTF26busy", Ra = 10, Dec = 20 }, Cancellation);
        var id = Assert.IsType<TargetCreated>(created).TargetId;
        RenderProviders();
        var page = Render<TargetEdit>(parameters => parameters.Add(each => each.Id, id));
        page.WaitForAssertion(() => Assert.Equal("ZTF26busy", page.Find("[data-field='Name'] input").GetAttribute("value")));
        page.Find("[data-field='Name'] input").Input("ZTF26renamed");
        var navigation = Services.GetRequiredService<NavigationManager>();
        var opened = navigation.Uri;

        await using (var held = await LockAsync())
        {
            page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

            page.WaitForAssertion(() => Assert.Contains(DatabaseBusy.Message, page.Markup, StringComparison.Ordinal));
            Assert.Equal("ZTF26renamed", page.Find("[data-field='Name'] input").GetAttribute("value"));
            Assert.Equal(opened, navigation.Uri);
        }

        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"targets/{id}", navigation.Uri, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal("ZTF26renamed", (await database.Targets.SingleAsync(target => target.Id == id, Cancellation)).Name);
    }

    [Fact]
    public async Task Delete_query_keeps_the_row_says_busy_and_deletes_once_the_lock_is_gone()
    {
        var queries = Services.GetRequiredService<SavedQueries>();
        var id = (await queries.SaveAsync(null, "Doomed query", ChannelBroker.BrokerName, "{}", Viewer.System, Cancellation))!.Value;
        RenderProviders();
        var page = Render<QueryList>();
        page.WaitForAssertion(() => Assert.Contains("Doomed query", page.Markup, StringComparison.Ordinal));

        await using (var held = await LockAsync())
        {
            ConfirmDelete(page);

            _snackbars.WaitForAssertion(() => Assert.Contains(DatabaseBusy.Message, _snackbars.Markup, StringComparison.Ordinal));
            Assert.Contains("Doomed query", page.Markup, StringComparison.Ordinal);
        }

        Assert.NotNull(await queries.FindAsync(id, Viewer.System, Cancellation));
        ConfirmDelete(page);

        page.WaitForAssertion(() => Assert.DoesNotContain("Doomed query", page.Markup, StringComparison.Ordinal));
        Assert.Null(await queries.FindAsync(id, Viewer.System, Cancellation));
    }

    private void ConfirmDelete(IRenderedComponent<QueryList> page)
    {
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete the query \u201cDoomed query\u201d?", _dialogs.Markup, StringComparison.Ordinal));
        _dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();
    }

    [Fact]
    public async Task Opening_a_run_page_while_busy_runs_the_query_says_its_last_run_was_not_recorded_and_records_it_next_time()
    {
        var queries = Services.GetRequiredService<SavedQueries>();
        var id = (await queries.SaveAsync(null, "Tonight's transients", ChannelBroker.BrokerName, "{\"search\":\"all\"}", Viewer.System, Cancellation))!.Value;
        RenderProviders();

        await using (var held = await LockAsync())
        {
            var page = Render<RunQuery>(parameters => parameters.Add(each => each.Id, id));

            page.WaitForAssertion(() => Assert.Contains(DatabaseBusy.Reason, page.Find("[data-testid='last-run-problem']").TextContent, StringComparison.Ordinal));
            await Broker.Started.Task.WaitAsync(Waits.Patiently, Cancellation);
            await Broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "ZTF24aaaaaaa", 150.25, -12.5), Cancellation);
            page.WaitForAssertion(() => Assert.Contains("ZTF24aaaaaaa", page.Markup, StringComparison.Ordinal));
        }

        Assert.Null((await queries.FindAsync(id, Viewer.System, Cancellation))!.LastRun);
        await DisposeComponentsAsync();

        RenderProviders();
        var again = Render<RunQuery>(parameters => parameters.Add(each => each.Id, id));
        again.WaitForAssertion(() => Assert.Contains("Tonight's transients", again.Markup, StringComparison.Ordinal));
        Assert.NotNull((await queries.FindAsync(id, Viewer.System, Cancellation))!.LastRun);
        Assert.Empty(again.FindAll("[data-testid='last-run-problem']"));
    }

    [Fact]
    public async Task Create_target_on_a_row_says_busy_on_the_row_and_in_the_snackbar_and_creates_once_the_lock_is_gone()
    {
        Broker.Alerts.Writer.TryWrite(new FakeAlert("1", "ZTF24locked", 10, 10));
        Broker.Alerts.Writer.Complete();
        var alerts = (await BrokerHost.RunAsync(Broker, new ChannelBrokerParameters(), Cancellation)).Alerts;
        RenderProviders();
        var grid = Render<AlertGrid>(parameters => parameters
            .Add(each => each.Alerts, alerts)
            .Add(each => each.Targets, Broker));

        await using (var held = await LockAsync())
        {
            grid.FindAll("button").Single(button => button.TextContent.Trim() == "Create target").Click();

            // Read after "was not created:", the sentence starts in lower case.
            _snackbars.WaitForAssertion(() => Assert.Contains($"ZTF24locked was not created: t{DatabaseBusy.Message[1..]}", _snackbars.Markup, StringComparison.Ordinal));
            grid.WaitForAssertion(() => Assert.Contains("Failed", grid.Find("tr.alert-row").TextContent, StringComparison.Ordinal));
        }

        await using (var database = await Database.Factory.CreateDbContextAsync(Cancellation))
        {
            Assert.Equal(0, await database.Targets.CountAsync(Cancellation));
        }

        grid.FindAll("button").Single(button => button.TextContent.Trim() == "Create target").Click();

        grid.WaitForAssertion(() => Assert.Contains("Created", grid.Find("tr.alert-row").TextContent, StringComparison.Ordinal));
        await using var after = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal("ZTF24locked", (await after.Targets.SingleAsync(Cancellation)).Name);
    }

    [Fact]
    public async Task Save_on_the_query_editor_keeps_every_entry_says_busy_and_saves_once_the_lock_is_gone()
    {
        RenderProviders();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"alerts/query/create?broker={ChannelBroker.BrokerName}");
        var page = Render<QueryEditor>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-parameter='QueryName'] input")));
        page.Find("[data-parameter='QueryName'] input").Input("Busy night");
        page.Find("[data-parameter='Search'] input").Input("SN Ia");
        var opened = navigation.Uri;

        await using (var held = await LockAsync())
        {
            page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

            _snackbars.WaitForAssertion(() => Assert.Contains(DatabaseBusy.Message, _snackbars.Markup, StringComparison.Ordinal));
            Assert.Equal(("Busy night", "SN Ia", opened),
                (page.Find("[data-parameter='QueryName'] input").GetAttribute("value"), page.Find("[data-parameter='Search'] input").GetAttribute("value"), navigation.Uri));
        }

        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.EndsWith("alerts/query/list", navigation.Uri, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal("Busy night", (await database.BrokerQueries.SingleAsync(Cancellation)).Name);
    }
}
