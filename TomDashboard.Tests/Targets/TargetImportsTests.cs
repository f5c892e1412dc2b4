using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

/// <summary>Large CSV imports: written in batches with every row's outcome, run in the background, one per user, cancellable.</summary>
public abstract class TargetImportsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private static readonly Viewer Ada = new("ada-id", "ada", new HashSet<long>());
    private TestDatabase _database = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        // Targets name their owner: Ada is a stored user.
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        database.Users.Add(new TomDashboard.Accounts.TomUser { Id = Ada.UserId, UserName = Ada.UserName, NormalizedUserName = "ADA" });
        await database.SaveChangesAsync(Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _database.DisposeAsync();
    }

    private static TargetCsv Csv(IDbContextFactory<TomDbContext> databases) =>
        new(databases, new TargetWriter(databases, TimeProvider.System, NullLogger<TargetWriter>.Instance), NullLogger<TargetCsv>.Instance);

    private static TargetImports Imports(IDbContextFactory<TomDbContext> databases) =>
        new(Csv(databases), TimeProvider.System, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<TargetImports>.Instance);

    /// <summary>
    /// <paramref name="rows"/> rows on a wide grid (no two within the duplicate radius), each with an alias and an extra;
    /// every 10th row repeats the name of the row 5 before it, and every 100th has a Dec out of range.
    /// </summary>
    private static byte[] File(int rows)
    {
        var text = new StringBuilder("name,type,ra,dec,epoch,classification,name2\n");
        for (var i = 0; i < rows; i++)
        {
            var (ra, dec) = ((i % 360) + 0.5, ((i / 360) * 0.5) - 80);
            var line = i % 100 == 99 ? $"Bad {i},SIDEREAL,{ra},95,,,"
                : i % 10 == 9 ? $"SN x{i - 5},SIDEREAL,{ra},{dec},,,"
                : $"SN x{i},SIDEREAL,{ra},{dec},2000,SN Ia,ZTF x{i}";
            text.Append(CultureInfo.InvariantCulture, $"{line}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public async Task A_file_of_several_batches_gets_one_outcome_per_row_in_line_order_and_duplicates_across_batches_are_caught()
    {
        const int Rows = (TargetCsv.ImportBatchSize * 2) + 500;
        var batches = new List<int>();
        var outcomes = await Csv(_database.Factory).ImportAsync(new MemoryStream(File(Rows)), Viewer.System, Cancellation, batch => batches.Add(batch.Count));

        Assert.Equal(Enumerable.Range(2, Rows), outcomes.Select(outcome => outcome.Line));
        Assert.Equal([TargetCsv.ImportBatchSize, TargetCsv.ImportBatchSize, 500], batches);
        for (var i = 0; i < Rows; i++)
        {
            var expected = i % 100 == 99 ? TargetImportStatus.Failed : i % 10 == 9 ? TargetImportStatus.Duplicate : TargetImportStatus.Created;
            Assert.True(expected == outcomes[i].Status, $"row {i}: {outcomes[i].Status} ({outcomes[i].Message})");
        }

        // Row 1004 repeats row 999's name... which is a bad row; row 1009 repeats 1004, written in the same batch.
        var acrossBatches = outcomes[TargetCsv.ImportBatchSize + 9];
        Assert.Equal(("SN x1004", "SN x1004"), (acrossBatches.Name, acrossBatches.TargetName));
        Assert.Equal(outcomes[TargetCsv.ImportBatchSize + 4].TargetId, acrossBatches.TargetId);
        Assert.Contains("Dec", outcomes[99].Message, StringComparison.Ordinal);

        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        var created = outcomes.Count(outcome => outcome.Status == TargetImportStatus.Created);
        Assert.Equal(created, await database.Targets.CountAsync(Cancellation));
        Assert.Equal(created * 2, await database.TargetNames.CountAsync(Cancellation));
        Assert.Equal(created, await database.TargetExtras.CountAsync(name => name.Key == "classification" && name.Value == "SN Ia", Cancellation));
        // Bulk-written names keep their simplified form and sky zone, so later duplicate checks find them.
        var sample = await database.Targets.Include(target => target.Names).SingleAsync(target => target.Name == "SN x2001", Cancellation);
        Assert.NotNull(sample.SkyZone);
        Assert.All(sample.Names, name => Assert.Equal(TargetNameRules.Simplify(name.Name), name.Simplified));
        var again = await new TargetWriter(_database.Factory, TimeProvider.System, NullLogger<TargetWriter>.Instance)
            .CreateAsync(new TargetDraft { Name = "ztf-x2001", Ra = 10, Dec = 10 }, Cancellation);
        Assert.Equal(("SN x2001", DuplicateKind.SimilarName), (Assert.IsType<TargetAlreadyExists>(again).ExistingTargetName, ((TargetAlreadyExists)again).Kind));
    }

    [Fact]
    public async Task An_import_runs_in_the_background_and_its_outcomes_stay_the_users_latest()
    {
        var imports = Imports(_database.Factory);
        Assert.Null(imports.LatestOf(Ada));

        var start = imports.Start(Ada, "tonight.csv", File(1_500));
        Assert.Null(start.Refusal);
        await start.Run.Completion.WaitAsync(TimeSpan.FromSeconds(60), Cancellation);

        var run = Assert.IsType<TargetImportRun>(imports.LatestOf(Ada));
        Assert.Same(start.Run, run);
        Assert.Equal((TargetImportState.Finished, 1_500, 1.0), (run.State, run.Outcomes.Count, run.Fraction));
        Assert.Equal((1_350, 150 - 15, 15), (run.Created, run.Duplicates, run.Failed));
        Assert.Null(imports.LatestOf(Viewer.System));
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(run.Created, await database.Targets.CountAsync(target => target.OwnerId == Ada.UserId, Cancellation));
    }

    [Fact]
    public async Task A_second_import_while_one_runs_is_refused_with_a_message_and_cancel_keeps_what_was_saved()
    {
        var slow = new SlowDatabase(_database);
        var imports = Imports(slow);
        var first = imports.Start(Ada, "big.csv", File(10_000)).Run;
        await Eventually.HoldsAsync(() => Task.FromResult(first.RowsDone >= TargetCsv.ImportBatchSize), "the first batch is saved");
        slow.Arm();
        await slow.Held.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);

        var second = imports.Start(Ada, "other.csv", File(10));
        Assert.Same(first, second.Run);
        Assert.StartsWith("The import of big.csv is still running (", second.Refusal, StringComparison.Ordinal);
        Assert.Equal(TargetImportState.Running, first.State);
        Assert.InRange(first.Fraction, 0.0, 0.99);

        first.Cancel();
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        await slow.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.Equal(TargetImportState.Cancelled, first.State);
        Assert.InRange(first.RowsDone, TargetCsv.ImportBatchSize, 9_000);
        Assert.Equal(first.RowsDone, first.Outcomes.Count);
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        // Whole batches only: the one being written when Cancel came was rolled back, not half saved.
        Assert.Equal(first.Created, await database.Targets.CountAsync(Cancellation));

        // Once it has ended, the next file may go.
        var next = imports.Start(Ada, "other.csv", File(10));
        Assert.Null(next.Refusal);
        await next.Run.Completion.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        Assert.Equal((TargetImportState.Finished, 10), (next.Run.State, next.Run.RowsDone));
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class TargetImportsOnSqliteTests() : TargetImportsTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TargetImportsOnPostgresTests() : TargetImportsTests(DatabaseProvider.Postgres);
