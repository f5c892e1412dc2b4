using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Components.Pages.Alerts;
using TomDashboard.Components.Pages.Targets;
using TomDashboard.Queries;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;
using TargetListsPage = TomDashboard.Components.Pages.Targets.TargetLists;

namespace TomDashboard.Tests.Components;

/// <summary>Work a page starts stops when the page closes: its database call sees the page's token cancelled, and nothing fails loudly.</summary>
public sealed class PageLifetimeTests : DashboardTestContext
{
    private SlowDatabase _slow = default!;

    public PageLifetimeTests() =>
        Services.AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<TomDashboard.Data.TomDbContext>>(_ => _slow = new SlowDatabase(Database));

    private void RenderProviders()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
    }

    /// <summary>Closes every page while the armed call is held, and checks the call was cancelled and no error escaped.</summary>
    private async Task CloseWhileHeldAsync()
    {
        await _slow.Held.Task.WaitAsync(Waits.Patiently, Cancellation);
        Assert.False(_slow.Cancelled.Task.IsCompleted);

        await DisposeComponentsAsync();

        await _slow.Cancelled.Task.WaitAsync(Waits.Patiently, Cancellation);
        // Let the cancelled handler finish on the dispatcher before looking for an escaped exception.
        await Renderer.Dispatcher.InvokeAsync(() => { });
        Assert.False(Renderer.UnhandledException.IsCompleted, Renderer.UnhandledException.IsCompleted ? Renderer.UnhandledException.Result.ToString() : "");
    }

    [Fact]
    public async Task Closing_the_lists_page_cancels_the_list_it_is_creating()
    {
        RenderProviders();
        var page = Render<TargetListsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='no-lists']")));
        page.Find("[data-testid='new-list-name'] input").Input("Tonight");

        _slow.Arm();
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Create list").Click();

        await CloseWhileHeldAsync();
        Assert.Empty(await Services.GetRequiredService<TomDashboard.Targets.TargetLists>().ListAsync(Viewer.System, Cancellation));
    }

    [Fact]
    public async Task Closing_the_saved_queries_page_cancels_the_delete_it_started()
    {
        var id = (await Services.GetRequiredService<SavedQueries>().SaveAsync(null, "Doomed query", ChannelBroker.BrokerName, "{}", Viewer.System, Cancellation))!.Value;
        RenderProviders();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<QueryList>();
        page.WaitForAssertion(() => Assert.Contains("Doomed query", page.Markup, StringComparison.Ordinal));
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the query \u201cDoomed query\u201d?", dialogs.Markup, StringComparison.Ordinal));

        _slow.Arm();
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();

        await CloseWhileHeldAsync();
        Assert.NotNull(await Services.GetRequiredService<SavedQueries>().FindAsync(id, Viewer.System, Cancellation));
    }

    [Fact]
    public async Task Closing_the_edit_page_cancels_the_save_it_started()
    {
        var created = await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft { Name = "ZTF26close", Ra = 10, Dec = 20 }, Cancellation);
        var id = Assert.IsType<TargetCreated>(created).TargetId;
        RenderProviders();
        var page = Render<TargetEdit>(parameters => parameters.Add(each => each.Id, id));
        page.WaitForAssertion(() => Assert.Equal("ZTF26close", page.Find("[data-field='Name'] input").GetAttribute("value")));
        page.Find("[data-field='Name'] input").Input("ZTF26never");

        _slow.Arm();
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        await CloseWhileHeldAsync();
        Assert.Equal("ZTF26close", (await Services.GetRequiredService<TargetEditor>().LoadAsync(id, Viewer.System, Cancellation))!.Name);
    }
}
