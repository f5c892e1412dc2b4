using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TomDashboard.Data;

namespace TomDashboard.Tests.Fakes;

/// <summary>
/// A real PostgreSQL server for the tests, one per test process. <c>.ci/run</c> starts one on 127.0.0.1 and passes it in
/// <c>TOMDASHBOARD_TEST_POSTGRES</c> (an administrator's connection string); without it, the server installed on the
/// machine is started here with <c>initdb</c> and <c>pg_ctl</c> into a temporary folder, as the postgres user when the
/// tests run as root. Each test gets a database of its own, copied from one template with the migrations applied.
/// </summary>
public sealed class PostgresServer
{
    public const string ConnectionVariable = "TOMDASHBOARD_TEST_POSTGRES";
    private const string Template = "tomdash_template";
    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private PostgresServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    public string AdminConnectionString { get; }

    /// <summary>
    /// Set before first use to start the local server with fsync on, as a deployment runs it (the benchmarks); the
    /// tests run without, since durability is not what they check.
    /// </summary>
    public static bool Durable { get; set; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A new, migrated, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await Creating.WaitAsync();
        try
        {
            await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {name} TEMPLATE {Template}");
        }
        finally
        {
            Creating.Release();
        }

        return For(name);
    }

    /// <summary>A new database with no schema at all, as a fresh deployment's.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = "e_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {name}");
        return For(name);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private string For(string database) => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 50 }.ToString();

    private static async Task<PostgresServer> StartAsync()
    {
        var given = Environment.GetEnvironmentVariable(ConnectionVariable);
        var server = new PostgresServer(string.IsNullOrWhiteSpace(given) ? await StartLocalAsync() : given);
        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE {Template}");
        var options = new DbContextOptionsBuilder<TomDbContext>().UseNpgsql(server.For(Template)).Options;
        await using (var database = new PostgresTomDbContext(options))
        {
            await database.Database.MigrateAsync();
        }

        // A template must have no sessions when it is copied.
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>initdb and pg_ctl start into a temporary folder, on a free port of 127.0.0.1, trusting local connections.</summary>
    private static async Task<string> StartLocalAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin")).Where(path => File.Exists(Path.Combine(path, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not installed: the database tests run on it as well as SQLite. Install it (apt-get install -y postgresql; .ci/run does) or set {ConnectionVariable}.");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"tomdashboard-postgres-{Environment.ProcessId}");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", $"postgres {directory}", asPostgres: false);
        }

        var data = Path.Combine(directory, "data");
        var port = FreePort();
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8 --no-sync --no-instructions", asRoot);
        // Durability is not under test here: no fsync, so creating and dropping databases stays fast.
        var durability = Durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var settings = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=400{durability}";
        await RunAsync(Path.Combine(bin, "pg_ctl"), $"-D {data} -l {Path.Combine(directory, "log")} -o \"{settings}\" -w start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsync(Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate stop", asRoot).GetAwaiter().GetResult();
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The temporary folder is the machine's to clean.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static async Task RunAsync(string program, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await errors}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
