using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Astronomy;
using TomDashboard.Data;
using TomDashboard.Hosting;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// A fresh SQLite store for the targets section, seeded with targets straight through SQL (the writer would take
/// far longer), at positions the section knows, so it can say which submissions must be duplicates.
/// </summary>
public sealed class TargetsSky : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    private TargetsSky(DirectoryInfo directory, ServiceProvider services)
    {
        _directory = directory;
        Services = services;
    }

    public ServiceProvider Services { get; }

    public IDbContextFactory<TomDbContext> Factory => Services.GetRequiredService<IDbContextFactory<TomDbContext>>();

    public static async Task<TargetsSky> CreateAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("tomdashboard-targets-");
        var configuration = new ConfigurationBuilder().Build();
        var path = Path.Combine(directory.FullName, "targets.db");
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(
                new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance))
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddDbContextFactory<TomDbContext>(options => options.UseSqlite($"Data Source={path}"))
            .AddTargets(configuration)
            .BuildServiceProvider();
        await services.MigrateTomDatabaseAsync(cancellationToken);
        return new TargetsSky(directory, services) { ConnectionString = $"Data Source={path}" };
    }

    public string ConnectionString { get; private init; } = "";

    /// <summary>
    /// Point <paramref name="index"/> of <paramref name="count"/> on a Fibonacci lattice: evenly spread over the whole
    /// sky, neighbours about sqrt(41253 / count) degrees apart, so no two lattice points are duplicates of each other.
    /// </summary>
    public static (double Ra, double Dec) Lattice(int index, int count)
    {
        var golden = (1 + Math.Sqrt(5)) / 2;
        var z = 1 - ((2.0 * index) + 1) / count;
        var ra = (index / golden % 1) * 360;
        return (ra, Math.Asin(z) * 180 / Math.PI);
    }

    /// <summary>Inserts targets named <c>name(i)</c> at <c>position(i)</c>, one transaction, prepared statements.</summary>
    public async Task SeedAsync(int count, Func<int, string> name, Func<int, (double Ra, double Dec)> position, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var target = connection.CreateCommand();
        target.CommandText = "INSERT INTO Targets (Name, Type, Ra, Dec, Epoch, SkyZone, Created, Modified, Visibility) VALUES ($name, 'Sidereal', $ra, $dec, 2000, $zone, 0, 0, 'Open') RETURNING Id";
        var targetName = target.Parameters.Add("$name", SqliteType.Text);
        var ra = target.Parameters.Add("$ra", SqliteType.Real);
        var dec = target.Parameters.Add("$dec", SqliteType.Real);
        var zone = target.Parameters.Add("$zone", SqliteType.Integer);
        await using var names = connection.CreateCommand();
        names.CommandText = "INSERT INTO TargetNames (TargetId, Name, Simplified, Kind) VALUES ($id, $name, $simplified, 'Primary')";
        var nameTarget = names.Parameters.Add("$id", SqliteType.Integer);
        var nameText = names.Parameters.Add("$name", SqliteType.Text);
        var simplified = names.Parameters.Add("$simplified", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            var label = name(i);
            var (raValue, decValue) = position(i);
            targetName.Value = label;
            ra.Value = raValue;
            dec.Value = decValue;
            zone.Value = SkyZones.ZoneOf(decValue);
            var id = (long)(await target.ExecuteScalarAsync(cancellationToken))!;
            nameTarget.Value = id;
            nameText.Value = label;
            simplified.Value = Targets.TargetNameRules.Simplify(label);
            await names.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
