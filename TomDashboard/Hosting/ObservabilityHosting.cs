using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TomDashboard.Brokers;
using TomDashboard.Data;
using TomDashboard.Queries;
using TomDashboard.Streams;
using TomDashboard.Targets;

namespace TomDashboard.Hosting;

/// <summary>The app's meters, OpenTelemetry's exporters, and the health endpoints.</summary>
public static class ObservabilityHosting
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string PrometheusPath = "/metrics";
    public const string PrometheusSetting = "Observability:Prometheus:Enabled";
    private const string ReadyTag = "ready";

    /// <summary>Every meter the app defines, one per feature.</summary>
    public static readonly IReadOnlyList<string> MeterNames = [BrokerMetrics.MeterName, QueryMetrics.MeterName, TargetMetrics.MeterName, StreamMetrics.MeterName];

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        // Each feature registers its own meter with its services; this adds the exporters and the health checks.
        services.AddSingleton<MigrationState>();

        // The standard variable turns the OTLP exporter on; unset, nothing is sent anywhere.
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("TomDashboard"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. MeterNames])
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    // It only collects when scraped; whether the endpoint is mapped is decided when the app maps it.
                    .AddPrometheusExporter();

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter());
        }

        services.AddHealthChecks()
            .AddCheck<MigrationHealthCheck>("migrations", tags: [ReadyTag])
            .AddDbContextCheck<TomDbContext>("database", tags: [ReadyTag])
            .AddCheck<StreamsHealthCheck>("streams", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c> runs no check: it answers while the process does. <c>/health/ready</c> runs the database,
    /// migration and stream checks. Both are open to probes, and say only states and short reasons.
    /// </summary>
    public static void MapObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous();
        if (app.Configuration.GetValue<bool>(PrometheusSetting))
        {
            // Scrapers do not sign in: the README says to reach it only from the monitoring network.
            app.MapPrometheusScrapingEndpoint(PrometheusPath).AllowAnonymous();
        }
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            instance = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value.InstanceId,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description, data = entry.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}

/// <summary>Whether this process is applying migrations now.</summary>
public sealed class MigrationState
{
    private int _running;

    public bool Running => Volatile.Read(ref _running) > 0;

    public IDisposable Begin()
    {
        Interlocked.Increment(ref _running);
        return new End(this);
    }

    private sealed class End(MigrationState state) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                Interlocked.Decrement(ref state._running);
            }
        }
    }
}

/// <summary>Unready while migrations run here, or while the database lacks migrations this build has (another instance mid-upgrade).</summary>
public sealed class MigrationHealthCheck(MigrationState state, Microsoft.EntityFrameworkCore.IDbContextFactory<TomDbContext> databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.Running)
        {
            return HealthCheckResult.Unhealthy("Database migrations are running.");
        }

        try
        {
            await using var database = await databases.CreateDbContextAsync(cancellationToken);
            var pending = (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(database.Database, cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("Every migration is applied.")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) are not applied yet.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The migration history cannot be read.");
        }
    }
}

/// <summary>
/// Each active stream's consumer. A failing stream makes the instance Degraded (still 200), not unready: a Kafka
/// outage would otherwise take every instance out of the load balancer, and the rest of the dashboard still works.
/// </summary>
public sealed class StreamsHealthCheck(StreamHealthRegistry streams) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var failing = new List<string>();
        foreach (var stream in streams.Snapshot().Where(stream => stream.State != StreamState.Inactive))
        {
            data[stream.Name] = stream.State == StreamState.Failing && stream.LastError is { } error ? $"{stream.State}: {error}" : stream.State.ToString();
            if (stream.State is StreamState.Failing or StreamState.Invalid)
            {
                failing.Add(stream.Name);
            }
        }

        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy($"{data.Count} active stream(s) running.", data)
            : HealthCheckResult.Degraded($"Failing: {string.Join(", ", failing)}.", data: data));
    }
}
