using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TomDashboard.Streams.Live;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>The app with no streams, whose live hub the live section feeds itself, and chromium (see <see cref="SuiteApp"/>).</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly SuiteApp _app;

    private LiveServer(SuiteApp app)
    {
        _app = app;
        Hub = app.Services.GetRequiredService<LiveAlertHub>();
    }

    public LiveAlertHub Hub { get; }

    public static async Task<LiveServer> StartAsync() => new(await SuiteApp.StartAsync("live", new Dictionary<string, string?>()));

    public Task<IBrowserContext> NewContextAsync() => _app.NewContextAsync(TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
