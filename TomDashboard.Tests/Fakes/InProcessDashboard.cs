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

    /// <summary>The administrator every in-process app is seeded with (Auth:InitialAdmin), unless its settings say otherwise.</summary>
    public const string AdministratorName = "test-admin";
    public const string AdministratorPassword = "a long test passphrase";

    private readonly string _dataDirectory;
    private readonly SemaphoreSlim _signIn = new(1, 1);
    private string? _signedInState;
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
    /// <param name="services">Registrations over the app's own, e.g. a logger provider that keeps what the app logs.</param>
    public static async Task<InProcessDashboard> StartAsync(
        IReadOnlyDictionary<string, string?> settings, LogLevel minimumLogLevel = LogLevel.Information, Action<IServiceCollection>? services = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tomdashboard-in-process", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var configuration = new Dictionary<string, string?>
        {
            ["Auth:InitialAdmin:UserName"] = AdministratorName,
            ["Auth:InitialAdmin:Password"] = AdministratorPassword,
        };
        // Its own SQLite file, unless the settings name another database (a PostgreSQL test database).
        configuration["ConnectionStrings:TomDashboard"] = $"Data Source={Path.Combine(dataDirectory, "app.db")}";
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(configuration));
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(minimumLogLevel));
            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = new Uri(addresses.First(each => each.StartsWith("http://", StringComparison.Ordinal)));
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArguments });
        return new InProcessDashboard(factory, address, playwright, browser, dataDirectory);
    }

    /// <summary>A fresh browser context on the app, as a new window of the seeded administrator, already signed in.</summary>
    public async Task<IBrowserContext> NewContextAsync(TimeSpan timeout)
    {
        var state = await SignedInStateAsync(timeout);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString(), StorageState = state });
        context.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        return context;
    }

    /// <summary>A fresh browser context that has not signed in.</summary>
    public async Task<IBrowserContext> NewSignedOutContextAsync(TimeSpan timeout)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString() });
        context.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        return context;
    }

    /// <summary>Signs in on <paramref name="page"/> through the sign-in page, as a user would, and waits for the app.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("account/sign-in");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId("user-menu").WaitForAsync();
    }

    /// <summary>The administrator's cookie, from one sign-in through the page; every later context reuses it.</summary>
    private async Task<string> SignedInStateAsync(TimeSpan timeout)
    {
        await _signIn.WaitAsync();
        try
        {
            if (_signedInState is null)
            {
                await using var context = await NewSignedOutContextAsync(timeout);
                var page = await context.NewPageAsync();
                await SignInAsync(page, AdministratorName, AdministratorPassword);
                _signedInState = await context.StorageStateAsync();
            }

            return _signedInState;
        }
        finally
        {
            _signIn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _signIn.Dispose();
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
