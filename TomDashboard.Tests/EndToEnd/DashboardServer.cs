using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>An end-to-end test's app and chromium (<see cref="InProcessDashboard"/>), with hooks for fake brokers.</summary>
public class DashboardServer : IAsyncLifetime
{
    public const string ChromiumPath = InProcessDashboard.ChromiumPath;

    private InProcessDashboard? _app;
    private TestDatabase? _database;

    /// <summary>The store this server's app runs on; a PostgreSQL server gets a database of its own.</summary>
    protected virtual TomDashboard.Data.DatabaseProvider Provider => TomDashboard.Data.DatabaseProvider.Sqlite;

    public Uri Address => App.Address;

    public IBrowser Browser => App.Browser;

    private InProcessDashboard App => _app ?? throw new InvalidOperationException("The dashboard has not started.");

    /// <summary>Runs before the app starts, e.g. to start a fake broker whose address goes into <see cref="Settings"/>.</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Runs after the app has stopped.</summary>
    protected virtual ValueTask AfterStopAsync() => ValueTask.CompletedTask;

    /// <summary>Registrations over the app's own, for this server (e.g. a logger provider that keeps the log).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Settings over the repository's appsettings.json, for this server.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        if (!InProcessDashboard.ChromiumInstalled)
        {
            throw new InvalidOperationException(
                $"The end-to-end tests drive Debian's chromium at {ChromiumPath}, which is not installed. Run `apt-get install -y chromium` (.ci/run does it).");
        }

        await BeforeStartAsync();
        var settings = new Dictionary<string, string?>(Settings);
        if (Provider == TomDashboard.Data.DatabaseProvider.Postgres)
        {
            _database = await TestDatabase.CreateAsync(Provider);
            foreach (var (key, value) in _database.AppSettings)
            {
                settings[key] = value;
            }
        }

        _app = await InProcessDashboard.StartAsync(settings, services: ConfigureServices);
        // Expectations wait as long as actions do: a busy CI machine is slower than a laptop.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public IServiceProvider Services => App.Services;

    /// <summary>What chromium refused under the app's content security policy, on every page of this server.</summary>
    public IReadOnlyCollection<string> ContentSecurityViolations => _violations;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _violations = new();

    /// <summary>A new window of the seeded administrator, signed in.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await (await App.NewContextAsync(TimeSpan.FromSeconds(15))).NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _violations.Enqueue(message.Text);
            }
        };
        return page;
    }

    /// <summary>A new window that has not signed in.</summary>
    public async Task<IPage> NewSignedOutPageAsync() => await (await App.NewSignedOutContextAsync(TimeSpan.FromSeconds(15))).NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await AfterStopAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same app on PostgreSQL.</summary>
public sealed class PostgresDashboardServer : DashboardServer
{
    protected override TomDashboard.Data.DatabaseProvider Provider => TomDashboard.Data.DatabaseProvider.Postgres;
}
