using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TomDashboard.Streams.Live;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>The app with no streams, whose live hub the live section feeds itself, and chromium (see <see cref="InProcessDashboard"/>).</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly InProcessDashboard _app;

    private LiveServer(InProcessDashboard app)
    {
        _app = app;
        Hub = app.Services.GetRequiredService<LiveAlertHub>();
    }

    public LiveAlertHub Hub { get; }

    // One user opens every page here, so the per-user tab limit is lifted; the limit itself is tested elsewhere.
    public static async Task<LiveServer> StartAsync() => new(await SuiteSections.StartAppAsync("live", new Dictionary<string, string?> { ["Auth:MaxCircuitsPerUser"] = "1000" }));

    public Task<IBrowserContext> NewContextAsync() => _app.NewContextAsync(TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
