using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Data;

namespace TomDashboard.Tests.Fakes;

/// <summary>A real SQLite file with the app's migrations applied, deleted afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestDatabase(string directory, ServiceProvider services)
    {
        Directory = directory;
        _services = services;
        Factory = services.GetRequiredService<IDbContextFactory<TomDbContext>>();
    }

    public string Directory { get; }

    public string ConnectionString => $"Data Source={Path.Combine(Directory, "test.db")}";

    public IDbContextFactory<TomDbContext> Factory { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tomdashboard-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var services = new ServiceCollection()
            .AddDbContextFactory<TomDbContext>(options => options.UseSqlite($"Data Source={Path.Combine(directory, "test.db")}"))
            .BuildServiceProvider();
        var database = new TestDatabase(directory, services);
        await using var context = await database.Factory.CreateDbContextAsync();
        await context.Database.MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned by the OS.
        }
    }
}
