using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Data;
using TomDashboard.Targets;

namespace TomDashboard.Benchmarks;

/// <summary>Duplicate checks and cone searches with a million targets on the default SQLite store.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SkyIndexBenchmarks
{
    private const int Targets = 1_000_000;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tomdashboard-bench", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = default!;
    private TargetWriter _writer = default!;
    private TargetSearch _search = default!;
    private readonly Random _random = new(1);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_directory);
        var connectionString = $"Data Source={Path.Combine(_directory, "sky.db")}";
        _services = new ServiceCollection().AddDbContextFactory<TomDbContext>(options => options.UseSqlite(connectionString)).BuildServiceProvider();
        var factory = _services.GetRequiredService<IDbContextFactory<TomDbContext>>();
        await using (var database = await factory.CreateDbContextAsync())
        {
            await database.Database.MigrateAsync();
            await database.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        // A million targets spread evenly over the sky, written directly (the writer would take far longer).
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var target = connection.CreateCommand();
        target.CommandText = "INSERT INTO Targets (Id, Name, Type, Ra, Dec, Epoch, SkyZone, Created, Modified) VALUES ($id, $name, 'Sidereal', $ra, $dec, 2000, $zone, 0, 0)";
        await using var name = connection.CreateCommand();
        name.CommandText = "INSERT INTO TargetNames (TargetId, Name, Simplified, Kind) VALUES ($id, $name, $name, 'Primary')";
        var random = new Random(42);
        for (var id = 1L; id <= Targets; id++)
        {
            var dec = Math.Asin(2 * random.NextDouble() - 1) * 180 / Math.PI;
            var label = $"bench{id:0000000}";
            target.Parameters.Clear();
            target.Parameters.AddWithValue("$id", id);
            target.Parameters.AddWithValue("$name", label);
            target.Parameters.AddWithValue("$ra", random.NextDouble() * 360);
            target.Parameters.AddWithValue("$dec", dec);
            target.Parameters.AddWithValue("$zone", SkyZones.ZoneOf(dec));
            await target.ExecuteNonQueryAsync();
            name.Parameters.Clear();
            name.Parameters.AddWithValue("$id", id);
            name.Parameters.AddWithValue("$name", label);
            await name.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        _writer = new TargetWriter(factory, TimeProvider.System, NullLogger<TargetWriter>.Instance);
        _search = new TargetSearch(factory);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Duplicate check + create (1M targets)")]
    public Task<TargetCreation> CreateNewTarget() => _writer.WriteAsync(
        new TargetSubmission { Draft = new TargetDraft { Name = $"new{Guid.NewGuid():N}"[..20], Ra = _random.NextDouble() * 360, Dec = _random.NextDouble() * 120 - 60 }, Source = "benchmark" },
        DuplicatePolicy.Refuse,
        CancellationToken.None);

    [Benchmark(Description = "Cone 60\" on the targets page (1M)")]
    public Task<TargetPage> ConeSearchArcminute() =>
        _search.SearchAsync(new TargetQuery { Cone = new SkyConeQuery(_random.NextDouble() * 360, _random.NextDouble() * 120 - 60, 60) }, Viewer.System, CancellationToken.None);

    [Benchmark(Description = "Cone 1° on the targets page (1M)")]
    public Task<TargetPage> ConeSearchDegree() =>
        _search.SearchAsync(new TargetQuery { Cone = new SkyConeQuery(_random.NextDouble() * 360, _random.NextDouble() * 120 - 60, 3600) }, Viewer.System, CancellationToken.None);
}
