using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TomDashboard.Data;

namespace TomDashboard.Hosting;

public static class DatabaseHosting
{
    public const string ConnectionStringName = "TomDashboard";

    public static IServiceCollection AddTomData(this IServiceCollection services)
    {
        // Read when first needed, so every configuration source (tests included) has been applied.
        services.AddDbContextFactory<TomDbContext>((provider, options) =>
        {
            var configured = provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is missing from appsettings.json.");
            options.UseSqlite(ResolveSqlitePath(configured, provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
        });
        return services;
    }

    /// <summary>Applies pending migrations at start-up, so the schema always comes from Data/Migrations.</summary>
    public static async Task MigrateTomDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        using var migrating = services.GetService<MigrationState>()?.Begin();
        var factory = services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<TomDbContext>>();
        await using var database = await factory.CreateDbContextAsync(cancellationToken);
        await database.Database.MigrateAsync(cancellationToken);
        if (database.Database.IsSqlite())
        {
            // WAL lets readers go on while a target is written.
            await database.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>A relative SQLite file is placed under the content root, and its folder is created.</summary>
    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return connectionString;
        }

        var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        return builder.ToString();
    }
}
