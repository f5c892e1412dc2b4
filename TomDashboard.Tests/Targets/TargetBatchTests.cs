using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

/// <summary>WriteBatchAsync: one query per kind for the whole batch, and the outcomes one write after another would give.</summary>
public abstract class TargetBatchTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Night = new(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 22, 15, 0, TimeSpan.Zero));
    private TestDatabase _database = default!;
    private TargetWriter _writer = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _writer = new TargetWriter(_database.Factory, _time, NullLogger<TargetWriter>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _database.DisposeAsync();
    }

    private static PhotometryPoint Point(int hour, double magnitude = 18) =>
        new() { Timestamp = Night.AddHours(hour), Band = "ztfr", Magnitude = magnitude, Source = "ZTF" };

    private static TargetSubmission Packet(string name, double ra, double dec, int[]? hours = null, byte[]? science = null, string[]? aliases = null,
        Dictionary<string, string>? extras = null, TargetType type = TargetType.Sidereal) =>
        TargetSubmission.WithPoints(
            new TargetDraft
            {
                Name = name,
                Ra = ra,
                Dec = dec,
                Type = type,
                Aliases = aliases ?? [],
                Extras = extras ?? [],
                SourceBroker = "ZTF",
                SourceAlertId = name,
            },
            [.. (hours ?? []).Select(hour => Point(hour))],
            science is null ? null : new AlertCutouts(science, null, null),
            "ZTF");

    private const double OneArcsec = 1 / 3600.0;

    [Fact]
    public async Task Two_submissions_of_one_object_in_a_batch_make_one_target_with_both_light_curves_and_the_newer_stamp()
    {
        var outcomes = await _writer.WriteBatchAsync(
        [
            Packet("ZTF26first", 150, 2, [1, 2], science: [1]),
            Packet("ZTF26second", 150 + OneArcsec, 2, [2, 3], science: [2]),
        ], Cancellation);

        var created = Assert.IsType<TargetCreated>(outcomes[0]);
        Assert.Equal(2, created.PhotometryCount);
        var merged = Assert.IsType<TargetMerged>(outcomes[1]);
        Assert.Equal(created.TargetId, merged.TargetId);
        Assert.Equal(["ZTF26second"], merged.AliasesAdded);
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        var target = await database.Targets.Include(each => each.Names).Include(each => each.Photometry).Include(each => each.Cutouts).SingleAsync(Cancellation);
        Assert.Equal("ZTF26first", target.Name);
        Assert.Equal(["ZTF26second"], target.Aliases);
        Assert.Equal([1, 2, 3], target.Photometry.Select(point => (int)(point.Timestamp - Night).TotalHours).Order());
        Assert.Equal([2], Assert.Single(target.Cutouts).Fits);
    }

    [Fact]
    public async Task A_batch_duplicate_of_a_stored_target_merges_into_it_by_position_across_ra_zero_and_at_the_pole()
    {
        var seam = Assert.IsType<TargetCreated>(await _writer.CreateAsync(new TargetDraft { Name = "seam", Ra = 0.0001, Dec = 10 }, Cancellation));
        var pole = Assert.IsType<TargetCreated>(await _writer.CreateAsync(new TargetDraft { Name = "pole", Ra = 10, Dec = 89.9999 }, Cancellation));

        var outcomes = await _writer.WriteBatchAsync(
        [
            Packet("ZTF26seam", 359.99995, 10, [1]),
            Packet("ZTF26pole", 190, 89.9999, [1]),
        ], Cancellation);

        Assert.Equal(seam.TargetId, Assert.IsType<TargetMerged>(outcomes[0]).TargetId);
        Assert.Equal(pole.TargetId, Assert.IsType<TargetMerged>(outcomes[1]).TargetId);
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(2, await database.Targets.CountAsync(Cancellation));
        Assert.Equal(2, await database.Photometry.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Refusing_in_a_batch_reads_as_a_click_refusal_and_writes_nothing_for_the_duplicates()
    {
        await _writer.CreateAsync(new TargetDraft { Name = "AT 2026abc", Ra = 40, Dec = 40 }, Cancellation);
        var submissions = new[]
        {
            Packet("SN2026abc", 10, 10),
            Packet("ZTF26near", 40, 40 + OneArcsec),
            Packet("ZTF26new", 80, -30),
            Packet("ZTF26new", 120, -30),
        };

        var outcomes = await _writer.WriteBatchAsync(submissions, DuplicatePolicy.Refuse, Cancellation);

        Assert.Equal("SN2026abc looks like the existing target AT 2026abc (AT 2026abc).", Assert.IsType<TargetAlreadyExists>(outcomes[0]).Message);
        Assert.Equal("ZTF26near is 1.0\u2033 from the existing target AT 2026abc.", Assert.IsType<TargetAlreadyExists>(outcomes[1]).Message);
        var created = Assert.IsType<TargetCreated>(outcomes[2]);
        var again = Assert.IsType<TargetAlreadyExists>(outcomes[3]);
        Assert.Equal((created.TargetId, "A target named ZTF26new already exists."), (again.ExistingTargetId, again.Message));
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(2, await database.Targets.CountAsync(Cancellation));
        // The same refusals, one click at a time.
        for (var index = 0; index < 2; index++)
        {
            Assert.Equal(outcomes[index], await _writer.WriteAsync(submissions[index], DuplicatePolicy.Refuse, Cancellation));
        }
    }

    [Fact]
    public async Task A_batch_written_again_changes_nothing_but_merges_into_the_same_targets()
    {
        TargetSubmission[] batch = [Packet("ZTF26one", 10, 10, [1, 2], science: [1]), Packet("ZTF26two", 20, 20, [1])];
        var first = await _writer.WriteBatchAsync(batch, Cancellation);

        var second = await _writer.WriteBatchAsync(batch, Cancellation);

        Assert.Equal(first.Select(TargetCreation.TargetIdOf), second.Select(TargetCreation.TargetIdOf));
        Assert.All(second, outcome => Assert.Empty(Assert.IsType<TargetMerged>(outcome).AliasesAdded));
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal((2, 2, 3, 1), (await database.Targets.CountAsync(Cancellation), await database.TargetNames.CountAsync(Cancellation),
            await database.Photometry.CountAsync(Cancellation), await database.TargetCutouts.CountAsync(Cancellation)));
    }

    [Fact]
    public async Task A_batch_gives_the_outcomes_one_write_after_another_gives()
    {
        await using var sequentialDatabase = await TestDatabase.CreateAsync(provider);
        var sequential = new TargetWriter(sequentialDatabase.Factory, _time, NullLogger<TargetWriter>.Instance);
        foreach (var writer in new[] { _writer, sequential })
        {
            await writer.CreateAsync(new TargetDraft { Name = "AT 2026stored", Aliases = ["ZTF26taken"], Ra = 30, Dec = 30, Extras = new Dictionary<string, string> { ["kind"] = "SN" } }, Cancellation);
            await writer.CreateAsync(new TargetDraft { Name = "other", Aliases = ["ZTF26other"], Ra = 200, Dec = -60 }, Cancellation);
            await writer.ImportPhotometryAsync(1, new[] { Point(1, 17) }.ToAsyncEnumerable(), Cancellation);
        }

        TargetSubmission[] batch =
        [
            Packet("ZTF26taken", 1, 1, [1, 2], extras: new() { ["kind"] = "Ia", ["host"] = "NGC 1" }),
            Packet("SN 2026stored", 2, 2, [3], aliases: ["ZTF26other", "ZTF26fresh-alias"]),
            Packet("ZTF26near", 30 + OneArcsec, 30, [4], science: [7]),
            Packet("ZTF26fresh", 100, 0, [1], science: [1]),
            Packet("ZTF26fresh-alias", 300, 0, [2]),
            Packet("ZTF26later", 100 + OneArcsec, 0, [1, 5], science: [2]),
            Packet("comet", 100, 0, type: TargetType.NonSidereal),
            Packet("", 100, 0),
            Packet("ZTF26bad", 100, 95),
        ];

        var batched = await _writer.WriteBatchAsync(batch, Cancellation);
        var oneByOne = new List<TargetCreation>();
        foreach (var submission in batch)
        {
            oneByOne.Add(await sequential.WriteAsync(submission, DuplicatePolicy.MergeIntoMatch, Cancellation));
        }

        Assert.Equal(oneByOne.Select(outcome => outcome.Message), batched.Select(outcome => outcome.Message));
        Assert.Equal(oneByOne.Select(TargetCreation.TargetIdOf), batched.Select(TargetCreation.TargetIdOf));
        Assert.Equal(await ContentAsync(sequentialDatabase), await ContentAsync(_database));
    }

    /// <summary>Everything stored, as text, ids included.</summary>
    private static async Task<List<string>> ContentAsync(TestDatabase store)
    {
        await using var database = await store.Factory.CreateDbContextAsync(Cancellation);
        var targets = await database.Targets.Include(each => each.Names).Include(each => each.Extras).Include(each => each.Photometry).Include(each => each.Cutouts)
            .OrderBy(each => each.Id).ToListAsync(Cancellation);
        return [.. targets.Select(target => string.Join(" | ",
            target.Id, target.Name, target.Ra, target.Dec, target.SkyZone, target.Type,
            string.Join(",", target.Names.Select(name => $"{name.Name}/{name.Kind}/{name.Simplified}").Order()),
            string.Join(",", target.Extras.Select(extra => $"{extra.Key}={extra.Value}").Order()),
            string.Join(",", target.Photometry.Select(point => $"{point.Band}@{point.Timestamp:O}={point.Magnitude}").Order()),
            string.Join(",", target.Cutouts.Select(cutout => $"{cutout.Kind}:{string.Join("", cutout.Fits)}:{cutout.SourceAlertId}").Order())))];
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Commands { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            // Queries only: the save's inserts are the batch's rows, not its checks.
            Commands += command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task The_checks_of_a_batch_are_a_few_queries_whatever_its_size()
    {
        var counter = new CommandCounter();
        var options = _database.NewOptions().AddInterceptors(counter).Options;
        var writer = new TargetWriter(new TomDbContextFactory(options), _time, NullLogger<TargetWriter>.Instance);
        await writer.CreateAsync(new TargetDraft { Name = "stored", Ra = 5, Dec = 5 }, Cancellation);

        async Task<int> CommandsFor(int count, int offset)
        {
            counter.Commands = 0;
            var outcomes = await writer.WriteBatchAsync(
                [.. Enumerable.Range(offset, count).Select(i => Packet($"ZTF26n{i}", i * 0.5, (i % 100) - 50, [1]))
                    .Append(Packet($"ZTF26s{offset}", 5 + OneArcsec, 5, [offset]))], Cancellation);
            Assert.Equal(count, outcomes.Count(outcome => outcome is TargetCreated));
            return counter.Commands;
        }

        var few = await CommandsFor(5, 0);
        var many = await CommandsFor(300, 100);

        // One name query and the merge's loads, whatever the size; never one per submission.
        Assert.InRange(few, 1, 5);
        Assert.Equal(few, many);
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class TargetBatchOnSqliteTests() : TargetBatchTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TargetBatchOnPostgresTests() : TargetBatchTests(DatabaseProvider.Postgres);
