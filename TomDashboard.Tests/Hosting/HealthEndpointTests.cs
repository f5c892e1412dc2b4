using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Data;
using TomDashboard.Hosting;
using TomDashboard.Streams;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Hosting;

public sealed class HealthEndpointTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Live_and_ready_answer_without_signing_in_and_name_each_readiness_check()
    {
        await using var app = new TestApp();
        using var client = app.NewClient();

        using var live = await client.GetAsync(ObservabilityHosting.LivePath, Cancellation);
        using var ready = await client.GetAsync(ObservabilityHosting.ReadyPath, Cancellation);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await ReadAsync(live)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ReadAsync(ready);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal(["database", "migrations", "streams"], checks.EnumerateObject().Select(check => check.Name).Order());
        Assert.All(checks.EnumerateObject(), check => Assert.Equal("Healthy", check.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Ready_goes_unready_when_the_database_cannot_be_reached_while_live_still_answers()
    {
        var folder = Directory.CreateTempSubdirectory("tomdashboard-health");
        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:TomDashboard"] = $"Data Source={Path.Combine(folder.FullName, "gone", "app.db")}",
        });
        using var client = app.NewClient();
        using (var before = await client.GetAsync(ObservabilityHosting.ReadyPath, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // The disk holding the database goes away: no new connection can open it.
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);

        using var ready = await client.GetAsync(ObservabilityHosting.ReadyPath, Cancellation);
        using var live = await client.GetAsync(ObservabilityHosting.LivePath, Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = await ReadAsync(ready);
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain("   at ", report.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Ready_is_unready_while_migrations_run_or_the_database_lacks_one()
    {
        await using var app = new TestApp();
        using var client = app.NewClient();
        var state = app.Services.GetRequiredService<MigrationState>();

        using (state.Begin())
        {
            using var migrating = await client.GetAsync(ObservabilityHosting.ReadyPath, Cancellation);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, migrating.StatusCode);
            Assert.Equal("Database migrations are running.", (await ReadAsync(migrating)).GetProperty("checks").GetProperty("migrations").GetProperty("description").GetString());
        }

        await using (var database = await app.Services.GetRequiredService<IDbContextFactory<TomDbContext>>().CreateDbContextAsync(Cancellation))
        {
            // Another instance rolled the schema back, or this one is newer than the database.
            var newest = database.Database.GetAppliedMigrations().Last();
            await database.Database.ExecuteSqlAsync($"DELETE FROM __EFMigrationsHistory WHERE MigrationId = {newest}", Cancellation);
        }

        using var behind = await client.GetAsync(ObservabilityHosting.ReadyPath, Cancellation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, behind.StatusCode);
        Assert.Equal("1 migration(s) are not applied yet.", (await ReadAsync(behind)).GetProperty("checks").GetProperty("migrations").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_failing_stream_makes_the_instance_degraded_with_its_reason_but_still_ready()
    {
        await using var app = new TestApp();
        using var client = app.NewClient();
        var stream = app.Services.GetRequiredService<StreamHealthRegistry>().Register("GCN", StreamKind.Kafka, []);
        stream.Failing("GCN's broker refused the connection", DateTimeOffset.UtcNow);

        using var ready = await client.GetAsync(ObservabilityHosting.ReadyPath, Cancellation);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var streams = (await ReadAsync(ready)).GetProperty("checks").GetProperty("streams");
        Assert.Equal("Degraded", streams.GetProperty("status").GetString());
        Assert.Equal("Failing: GCN's broker refused the connection", streams.GetProperty("data").GetProperty("GCN").GetString());
    }

    [Fact]
    public async Task The_prometheus_endpoint_when_enabled_serves_the_apps_own_meters_without_signing_in()
    {
        await using var app = new TestApp(new Dictionary<string, string?> { [ObservabilityHosting.PrometheusSetting] = "true" });
        using var client = app.NewClient();
        app.Services.GetRequiredService<StreamMetrics>().Batch("Simulated ZTF", new Dictionary<string, int> { ["ztf_simulated"] = 3 }, ["ztf_simulated"], [StreamMessageStatus.Ingested]);

        var text = "";
        await Eventually.HoldsAsync(async () =>
        {
            text = await client.GetStringAsync(ObservabilityHosting.PrometheusPath, Cancellation);
            return text.Contains("tomdashboard_stream_decode_failures", StringComparison.Ordinal);
        }, "the scrape shows the decode failures");

        Assert.Contains("tomdashboard_stream_decode_failures_total{otel_scope_name=\"TomDashboard.Streams\",stream=\"Simulated ZTF\",topic=\"ztf_simulated\"} 3", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_open_metrics_endpoint()
    {
        await using var app = new TestApp();
        using var client = app.NewClient();

        using var response = await client.GetAsync(ObservabilityHosting.PrometheusPath, Cancellation);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.Clone();
}
