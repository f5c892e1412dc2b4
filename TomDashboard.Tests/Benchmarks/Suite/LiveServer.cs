using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TomDashboard.Streams.Live;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>The app in this process on a real 127.0.0.1 port (so its heap can be measured), no streams, and chromium.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        // Fifty pages in one browser: background tabs must keep rendering, as a user's other windows do.
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
    ];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tomdashboard-live-bench", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = default!;
    private IPlaywright _playwright = default!;

    public LiveAlertHub Hub { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public Uri Address { get; private set; } = default!;

    public static async Task<LiveServer> StartAsync()
    {
        var server = new LiveServer();
        Directory.CreateDirectory(server._dataDirectory);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:TomDashboard"] = $"Data Source={Path.Combine(server._dataDirectory, "live.db")}",
            ["Streams:0:Active"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        server._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        });
        server._factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        server._factory.StartServer();
        var addresses = server._factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Address = new Uri(addresses.First(address => address.StartsWith("http://", StringComparison.Ordinal)));
        server.Hub = server._factory.Services.GetRequiredService<LiveAlertHub>();
        server._playwright = await Playwright.CreateAsync();
        server.Browser = await server._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArguments,
        });
        return server;
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString() });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
