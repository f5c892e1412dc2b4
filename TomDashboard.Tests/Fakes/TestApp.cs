using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TomDashboard.Tests.Fakes;

/// <summary>The app in memory (TestServer) with its own SQLite file, for tests that speak HTTP to it or use its services.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    /// <param name="environment">The hosting environment: Development unless a test needs another (Production shows no developer pages).</param>
    public TestApp(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string environment = "Development")
    {
        _directory = Directory.CreateTempSubdirectory("tomdashboard-app");
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:TomDashboard"] = $"Data Source={Path.Combine(_directory.FullName, "app.db")}",
            ["Streams:0:Active"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(configuration));
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        });
    }

    public WebApplicationFactory<Program> Factory { get; }

    public IServiceProvider Services => Factory.Services;

    /// <summary>A client that keeps cookies and does not follow redirects, so a test sees each one.</summary>
    public HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
