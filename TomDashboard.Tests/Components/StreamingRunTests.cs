using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Pages.Alerts;
using TomDashboard.Hosting;
using TomDashboard.Queries;
using TomDashboard.Tests.Brokers;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

/// <summary>A real HTTP broker behind a slow server: page 1's rows are on the run page before page 2 is even served.</summary>
public sealed class StreamingRunTests : DashboardTestContext
{
    [Fact]
    public async Task Page_one_is_shown_before_page_two_is_served()
    {
        var releasePageTwo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pageTwoRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            if (context.Request.Query["page"] == "1")
            {
                await context.Response.WriteAsync("[\"ZTF26pageone\"]", Cancellation);
                return;
            }

            pageTwoRequested.TrySetResult();
            await releasePageTwo.Task.WaitAsync(Cancellation);
            await context.Response.WriteAsync("[\"ZTF26pagetwo\"]", Cancellation);
        });
        using var host = BrokerHost.Build(
            new Dictionary<string, string?> { ["Brokers:Paged:BaseUrl"] = server.Address.ToString().TrimEnd('/') },
            builder => builder.Services.AddBroker<PagedBroker, PagedOptions>(builder.Configuration));
        Services.AddSingleton(new BrokerRegistration("Paged", typeof(PagedBroker), typeof(PagedParameters), "none", _ => new BrokerOptions()));
        Services.AddKeyedTransient<IBroker>("Paged", (_, _) => host.Services.GetRequiredService<BrokerCatalog>().Create("Paged"));
        var id = (await Services.GetRequiredService<SavedQueries>().SaveAsync(null, "Two pages", "Paged", "{\"pages\":2}", Viewer.System, Cancellation))!.Value;
        Render<MudPopoverProvider>();

        var page = Render<RunQuery>(parameters => parameters.Add(run => run.Id, id));

        await pageTwoRequested.Task.WaitAsync(Waits.Patiently, Cancellation);
        page.WaitForAssertion(() =>
        {
            Assert.Contains("ZTF26pageone", page.Markup, StringComparison.Ordinal);
            Assert.Equal("Running", page.Find("[data-testid='run-status']").TextContent.Trim());
        });
        Assert.DoesNotContain("ZTF26pagetwo", page.Markup, StringComparison.Ordinal);

        releasePageTwo.SetResult();
        page.WaitForAssertion(() =>
        {
            Assert.Contains("ZTF26pagetwo", page.Markup, StringComparison.Ordinal);
            Assert.Equal("Finished", page.Find("[data-testid='run-status']").TextContent.Trim());
        });
    }
}
