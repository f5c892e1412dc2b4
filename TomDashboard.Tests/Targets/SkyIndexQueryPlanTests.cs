using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

/// <summary>The cone search reaches the database as a query SQLite answers from the (zone, RA) index, not a table scan.</summary>
public sealed class SkyIndexQueryPlanTests
{
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(string Text, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(parameter => (parameter.ParameterName, (object?)parameter.Value))]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task The_cone_prefilter_uses_the_sky_index()
    {
        await using var database = await TestDatabase.CreateAsync();
        var recorder = new CommandRecorder();
        var options = new DbContextOptionsBuilder<TomDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(recorder).Options;
        await using var context = new TomDbContext(options);

        await ConeSearch.FindAsync(context.Targets.AsNoTracking(), 150.0, 2.0, 60, TestContext.Current.CancellationToken);

        var (text, parameters) = Assert.Single(recorder.Commands);
        var plan = await PlanAsync(database, text, parameters);

        Assert.Contains(plan, step => step.Contains("IX_Targets_SkyZone_Ra", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_query_of_a_creation_with_its_duplicate_checks_is_answered_from_an_index()
    {
        await using var database = await TestDatabase.CreateAsync();
        var recorder = new CommandRecorder();
        var options = new DbContextOptionsBuilder<TomDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(recorder).Options;
        var writer = new TargetWriter(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<TomDbContext>(options), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<TargetWriter>.Instance);

        await writer.CreateAsync(new TomDashboard.Alerts.TargetDraft { Name = "AT 2026abc", Aliases = ["ZTF26abcdefg"], Ra = 150, Dec = 2 }, TestContext.Current.CancellationToken);

        var lookups = recorder.Commands.Where(command => command.Text.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(lookups);
        foreach (var (text, parameters) in lookups)
        {
            var plan = await PlanAsync(database, text, parameters);
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("json_each", StringComparison.Ordinal));
        }
    }

    private static async Task<List<string>> PlanAsync(TestDatabase database, string text, List<(string Name, object? Value)> parameters)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + text;
        foreach (var (name, value) in parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
