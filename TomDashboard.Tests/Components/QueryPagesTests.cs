using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Pages.Alerts;
using TomDashboard.Queries;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

public sealed class QueryPagesTests : DashboardTestContext
{
    private SavedQueries Queries => Services.GetRequiredService<SavedQueries>();

    private void RenderProviders()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
    }

    [Fact]
    public async Task The_list_shows_saved_queries_and_a_create_button_per_available_broker()
    {
        await Queries.SaveAsync(null, "Bright SNe", ChannelBroker.BrokerName, "{}", Viewer.System, Cancellation);
        await Queries.SaveAsync(null, "Old Lasair query", "Lasair", "{}", Viewer.System, Cancellation);
        RenderProviders();

        var page = Render<QueryList>();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Bright SNe", page.Markup, StringComparison.Ordinal);
            Assert.Contains("Old Lasair query", page.Markup, StringComparison.Ordinal);
        });
        var create = page.FindAll("a").Single(link => link.TextContent.Contains("Create ChannelBroker query", StringComparison.Ordinal));
        Assert.EndsWith("alerts/query/create?broker=ChannelBroker", create.GetAttribute("href"), StringComparison.Ordinal);
        var run = page.FindAll("a").First(link => link.TextContent.Trim() == "Run");
        Assert.Matches(@"alerts/query/\d+/run$", run.GetAttribute("href"));
        Assert.Contains("never", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_filters_by_name()
    {
        await Queries.SaveAsync(null, "Bright SNe", ChannelBroker.BrokerName, "{}", Viewer.System, Cancellation);
        await Queries.SaveAsync(null, "Faint TDEs", ChannelBroker.BrokerName, "{}", Viewer.System, Cancellation);
        RenderProviders();
        var page = Render<QueryList>();
        page.WaitForAssertion(() => Assert.Contains("Faint TDEs", page.Markup, StringComparison.Ordinal));

        page.Find("[data-testid='name-filter'] input").Input("bright");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Bright SNe", page.Markup, StringComparison.Ordinal);
            Assert.DoesNotContain("Faint TDEs", page.Markup, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Delete_asks_first_and_removes_the_query_only_when_confirmed()
    {
        var id = (await Queries.SaveAsync(null, "Doomed query", ChannelBroker.BrokerName, "{}", Viewer.System, Cancellation))!.Value;
        RenderProviders();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<QueryList>();
        page.WaitForAssertion(() => Assert.Contains("Doomed query", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the query \u201cDoomed query\u201d?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Keep").Click();
        Assert.NotNull(await Queries.FindAsync(id, Viewer.System, Cancellation));

        page.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Doomed query", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain("Doomed query", page.Markup, StringComparison.Ordinal));
        Assert.Null(await Queries.FindAsync(id, Viewer.System, Cancellation));
    }

    [Fact]
    public async Task Editing_a_query_shows_its_saved_parameters_and_saves_the_change()
    {
        var id = (await Queries.SaveAsync(null, "Nightly", ChannelBroker.BrokerName, "{\"search\":\"SN Ia\"}", Viewer.System, Cancellation))!.Value;
        RenderProviders();
        var page = Render<QueryEditor>(parameters => parameters.Add(editor => editor.Id, id));
        page.WaitForAssertion(() => Assert.Equal("SN Ia", page.Find("[data-parameter='Search'] input").GetAttribute("value")));
        Assert.Equal("Nightly", page.Find("[data-parameter='QueryName'] input").GetAttribute("value"));

        page.Find("[data-parameter='Search'] input").Input("TDE");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/alerts/query/list", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        var saved = await Queries.FindAsync(id, Viewer.System, Cancellation);
        Assert.Equal("TDE", JsonDocument.Parse(saved!.ParametersJson).RootElement.GetProperty("search").GetString());
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.BrokerQueries.CountAsync(Cancellation));
    }

    [Fact]
    public void Creating_a_query_without_a_name_or_required_field_keeps_the_entries_and_shows_messages()
    {
        RenderProviders();
        NavigateToCreate();
        var page = Render<QueryEditor>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-parameter='Search'] input")));

        page.Find("[data-parameter='Search'] input").Input("");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Give the query a name.", page.Find("[data-parameter='QueryName']").TextContent, StringComparison.Ordinal);
            Assert.Contains("The Search field is required.", page.Find("[data-parameter='Search']").TextContent, StringComparison.Ordinal);
        });
        Assert.EndsWith("create?broker=ChannelBroker", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_broker_gets_a_not_found_message()
    {
        RenderProviders();
        Services.GetRequiredService<NavigationManager>().NavigateTo("alerts/query/create?broker=Nope");
        var page = Render<QueryEditor>();
        page.WaitForAssertion(() => Assert.Contains("There is no broker named \u201cNope\u201d. Known brokers: ChannelBroker.", page.Markup, StringComparison.Ordinal));
    }

    private void NavigateToCreate() =>
        Services.GetRequiredService<NavigationManager>().NavigateTo($"alerts/query/create?broker={ChannelBroker.BrokerName}");
}
