using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Queries;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>When a run's rows reached the DOM, in the browser's own clock from the click on Run.</summary>
public sealed record QueryRunTiming(TimeSpan FirstRow, TimeSpan LastRow);

/// <summary>The app and chromium (<see cref="InProcessDashboard"/>): a run is timed from the click on Run in the saved-query list to the rows in the DOM.</summary>
public sealed class QueryRunDashboard : IAsyncDisposable
{
    // Installed before the click: notes the click, the first row, and the moment the count says every row is there.
    private const string TimingScript = """
        expected => {
          const run = window.__queryRun = { clicked: 0, first: 0, last: 0 };
          document.addEventListener('click', event => {
            if (!run.clicked && event.target.closest('a[href$="/run"]')) run.clicked = performance.now();
          }, true);
          const look = () => {
            if (!run.clicked) return;
            if (!run.first && document.querySelector('tr.alert-row')) run.first = performance.now();
            const count = document.querySelector('[data-testid="run-count"] b');
            if (!run.last && count && count.textContent === expected) run.last = performance.now();
          };
          new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    private readonly InProcessDashboard _app;

    private QueryRunDashboard(InProcessDashboard app) => _app = app;

    public Uri Address => _app.Address;

    public IServiceProvider Services => _app.Services;

    public static async Task<QueryRunDashboard> StartAsync(QueryRunBrokerServer brokers) =>
        new(await SuiteSections.StartAppAsync("query-run", new Dictionary<string, string?>
        {
            ["Brokers:ALeRCE:ZtfBaseUrl"] = brokers.AlerceBaseUrl,
            ["Brokers:MyBroker:Url"] = brokers.MyBrokerUrl,
        }));

    public async Task<long> SaveQueryAsync(string name, string broker, object parameters, CancellationToken cancellationToken)
    {
        var queries = Services.GetRequiredService<SavedQueries>();
        return await queries.SaveAsync(null, name, broker, BrokerParameters.Serialize(parameters), Viewer.System, cancellationToken)
            ?? throw new InvalidOperationException($"The query {name} was not saved.");
    }

    /// <summary>
    /// Opens the saved-query list, clicks the query's Run and waits until the count shows <paramref name="expectedRows"/>.
    /// The page stays open (it holds the run's rows) until the returned page is closed.
    /// </summary>
    public async Task<(QueryRunTiming Timing, IPage Page)> RunAsync(long queryId, int expectedRows, TimeSpan timeout)
    {
        var context = await _app.NewContextAsync(timeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync("alerts/query/list");
        var run = page.Locator($"a[href='alerts/query/{queryId}/run']");
        await run.WaitForAsync();
        await page.EvaluateAsync(TimingScript, expectedRows.ToString("N0", CultureInfo.InvariantCulture));
        await run.ClickAsync();
        await page.WaitForFunctionAsync("() => window.__queryRun.last > 0", null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 50 });
        var marks = await page.EvaluateAsync<double[]>("() => [window.__queryRun.clicked, window.__queryRun.first, window.__queryRun.last]");
        return (new QueryRunTiming(TimeSpan.FromMilliseconds(marks[1] - marks[0]), TimeSpan.FromMilliseconds(marks[2] - marks[0])), page);
    }

    /// <summary>Closes the page as a user closes the tab.</summary>
    public static async Task CloseAsync(IPage page)
    {
        var context = page.Context;
        await page.CloseAsync();
        await context.CloseAsync();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
