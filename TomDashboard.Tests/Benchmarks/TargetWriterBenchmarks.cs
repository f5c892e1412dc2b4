using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Targets;

namespace TomDashboard.Benchmarks;

/// <summary>What a click on "Create target" costs on the default SQLite store, with 10,000 targets already there.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TargetWriterBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tomdashboard-bench", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = default!;
    private TargetWriter _writer = default!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_directory);
        _services = new ServiceCollection()
            .AddDbContextFactory<TomDbContext>(options => options.UseSqlite($"Data Source={Path.Combine(_directory, "bench.db")}"))
            .BuildServiceProvider();
        var factory = _services.GetRequiredService<IDbContextFactory<TomDbContext>>();
        await using (var database = await factory.CreateDbContextAsync())
        {
            await database.Database.MigrateAsync();
            await database.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        _writer = new TargetWriter(factory, TimeProvider.System, NullLogger<TargetWriter>.Instance);
        for (var i = 0; i < 10_000; i++)
        {
            await _writer.WriteAsync(Submission($"seed-{i}"), DuplicatePolicy.Refuse, CancellationToken.None);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Create a new target")]
    public Task<TargetCreation> CreateNew() => _writer.WriteAsync(Submission($"ZTF24new{_next++}", $"AT2024n{_next}"), DuplicatePolicy.Refuse, CancellationToken.None);

    [Benchmark(Description = "Refuse a duplicate name")]
    public Task<TargetCreation> RefuseDuplicate() => _writer.WriteAsync(Submission("seed-5000"), DuplicatePolicy.Refuse, CancellationToken.None);

    private static TargetSubmission Submission(string name, params string[] aliases) => new()
    {
        Draft = new TargetDraft
        {
            Name = name,
            Ra = 150.1,
            Dec = 2.2,
            Aliases = aliases,
            Extras = new Dictionary<string, string> { ["classification"] = "SN Ia" },
            SourceBroker = "Bench",
        },
        Source = "Bench",
    };
}
