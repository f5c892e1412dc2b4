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

namespace TomDashboard.Tests.Fakes;

/// <summary>
/// The app on a real 127.0.0.1 port inside this process, with its own SQLite file, and Debian's chromium driven by
/// Playwright. The end-to-end tests and the benchmark suite (which links this file) both start it.
/// </summary>
public sealed class InProcessDashboard : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        // Many pages in one browser: background tabs must keep rendering, as a user's other windows do.
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
    ];

    private readonly string _dataDirectory;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly IPlaywright _playwright;

    private InProcessDashboard(WebApplicationFactory<Program> factory, Uri address, IPlaywright playwright, IBrowser browser, string dataDirectory)
    {
        _factory = factory;
        Address = address;
        _playwright = playwright;
        Browser = browser;
        _dataDirectory = dataDirectory;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _factory.Services;

    public IBrowser Browser { get; }

    /// <summary>Whether chromium is where the tests and the suite expect it.</summary>
    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    /// <summary>Starts the app with <paramref name="settings"/> over the repository's appsettings.json, and chromium.</summary>
    public static async Task<InProcessDashboard> StartAsync(IReadOnlyDictionary<string, string?> settings, LogLevel minimumLogLevel = LogLevel.Information)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tomdashboard-in-process", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var configuration = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:TomDashboard"] = $"Data Source={Path.Combine(dataDirectory, "app.db")}",
        };
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(configuration));
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(minimumLogLevel));
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = new Uri(addresses.First(each => each.StartsWith("http://", StringComparison.Ordinal)));
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArguments });
        return new InProcessDashboard(factory, address, playwright, browser, dataDirectory);
    }

    /// <summary>A fresh browser context on the app, as a new user's window.</summary>
    public async Task<IBrowserContext> NewContextAsync(TimeSpan timeout)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString() });
        context.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
