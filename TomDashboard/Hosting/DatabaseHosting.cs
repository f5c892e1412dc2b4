using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TomDashboard.Data;

namespace TomDashboard.Hosting;

public static class DatabaseHosting
{
    public const string ConnectionStringName = "TomDashboard";

    public static IServiceCollection AddTomData(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Read when first needed, so every configuration source (tests included) has been applied.
        services.AddDbContextFactory<TomDbContext, TomDbContextFactory>((provider, options) =>
        {
            var configured = provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is missing from appsettings.json.");
            if (provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres)
            {
                options.UseNpgsql(configured);
            }
            else
            {
                options.UseSqlite(ResolveSqlitePath(configured, provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
            }
        });
        // Identity's stores, data protection and the health check take a scoped context: the factory's, of the right type.
        services.Replace(ServiceDescriptor.Scoped<TomDbContext>(provider => provider.GetRequiredService<IDbContextFactory<TomDbContext>>().CreateDbContext()));
        services.AddSingleton<ClusterLeases>();
        return services;
    }

    /// <summary>Applies pending migrations at start-up, so the schema always comes from Data/Migrations.</summary>
    public static async Task MigrateTomDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        using var migrating = services.GetService<MigrationState>()?.Begin();
        var factory = services.GetRequiredService<IDbContextFactory<TomDbContext>>();
        await using var database = await factory.CreateDbContextAsync(cancellationToken);
        // EF takes a migration lock (PostgreSQL: an advisory lock; SQLite: a lock row), so of several instances
        // starting at once one migrates and the others wait, then find nothing to do.
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
