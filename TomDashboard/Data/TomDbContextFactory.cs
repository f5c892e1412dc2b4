using Microsoft.EntityFrameworkCore;

namespace TomDashboard.Data;

/// <summary>
/// Makes the context for the configured provider: <see cref="TomDbContext"/> on SQLite, <see cref="PostgresTomDbContext"/>
/// (its own migrations) on PostgreSQL. Every caller keeps asking for <c>IDbContextFactory&lt;TomDbContext&gt;</c>.
/// </summary>
public sealed class TomDbContextFactory(DbContextOptions<TomDbContext> options) : IDbContextFactory<TomDbContext>
{
    private readonly bool _postgres = IsPostgres(options);

    public TomDbContext CreateDbContext() => _postgres ? new PostgresTomDbContext(options) : new TomDbContext(options);

    public static bool IsPostgres(DbContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var npgsql = typeof(NpgsqlDbContextOptionsBuilderExtensions).Assembly;
        return options.Extensions.Any(extension => extension.Info.IsDatabaseProvider && extension.GetType().Assembly == npgsql);
    }
}
