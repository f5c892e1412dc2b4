using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Data;

namespace TomDashboard.Tests.Fakes;

/// <summary>
/// A real database with the app's migrations applied, removed afterwards: a SQLite file, or a database of its own on
/// the tests' PostgreSQL server (<see cref="PostgresServer"/>), reached through the app's own context factory.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly PostgresServer? _postgres;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? directory, PostgresServer? postgres, ServiceProvider services)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
        _postgres = postgres;
        _services = services;
        Factory = services.GetRequiredService<IDbContextFactory<TomDbContext>>();
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file's folder; null on PostgreSQL.</summary>
    public string? Directory { get; }

    public string ConnectionString { get; }

    public IDbContextFactory<TomDbContext> Factory { get; }

    /// <summary>The settings that point the app at this database.</summary>
    public IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:TomDashboard"] = ConnectionString,
    };

    /// <summary>Options for this database, to add interceptors to; <see cref="NewContext"/> makes the context of the provider's type.</summary>
    public DbContextOptionsBuilder<TomDbContext> NewOptions() => Provider == DatabaseProvider.Postgres
        ? new DbContextOptionsBuilder<TomDbContext>().UseNpgsql(ConnectionString)
        : new DbContextOptionsBuilder<TomDbContext>().UseSqlite(ConnectionString);

    public static TomDbContext NewContext(DbContextOptions<TomDbContext> options) => new TomDbContextFactory(options).CreateDbContext();

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var server = await PostgresServer.GetAsync();
            var connectionString = await server.CreateDatabaseAsync();
            var services = new ServiceCollection()
                .AddDbContextFactory<TomDbContext, TomDbContextFactory>(options => options.UseNpgsql(connectionString))
                .BuildServiceProvider();
            return new TestDatabase(provider, connectionString, null, server, services);
        }

        var directory = Path.Combine(Path.GetTempPath(), "tomdashboard-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var sqlite = $"Data Source={Path.Combine(directory, "test.db")}";
        var sqliteServices = new ServiceCollection()
            .AddDbContextFactory<TomDbContext>(options => options.UseSqlite(sqlite))
            .BuildServiceProvider();
        var database = new TestDatabase(provider, sqlite, directory, null, sqliteServices);
        await using var context = await database.Factory.CreateDbContextAsync();
        await context.Database.MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DropDatabaseAsync(ConnectionString);
            return;
        }

        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory!, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned by the OS.
        }
    }
}
