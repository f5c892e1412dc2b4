using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

/// <summary>The target writer's duplicate rules on a real SQLite file: each match kind and each choice.</summary>
public abstract class DuplicateDetectionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private TestDatabase _database = default!;
    private TargetWriter _writer = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _writer = new TargetWriter(_database.Factory, TimeProvider.System, NullLogger<TargetWriter>.Instance, Options.Create(new TargetOptions { DuplicateRadiusArcsec = 2 }));
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _database.DisposeAsync();
    }

    private static TargetDraft Draft(string name, double ra, double dec, params string[] aliases) => new()
    {
        Name = name,
        Ra = ra,
        Dec = dec,
        Aliases = aliases,
        Extras = new Dictionary<string, string> { ["source_survey"] = name[..3] },
        SourceBroker = "Test",
    };

    private async Task<long> CreateAsync(TargetDraft draft) => Assert.IsType<TargetCreated>(await _writer.CreateAsync(draft, Cancellation)).TargetId;

    [Fact]
    public async Task A_name_equal_to_an_alias_is_a_name_match()
    {
        var id = await CreateAsync(Draft("ZTF24aaaaaaa", 150, 2, "AT 2024abc"));
        var match = Assert.IsType<TargetAlreadyExists>(await _writer.CreateAsync(Draft("AT 2024abc", 10, 10), Cancellation));
        Assert.Equal((DuplicateKind.Name, id), (match.Kind, match.ExistingTargetId));
    }

    [Theory]
    [InlineData("2024abc")]
    [InlineData("SN 2024abc")]
    [InlineData("at2024ABC")]
    [InlineData("AT-2024abc")]
    public async Task A_simplified_name_match_ignores_case_spacing_and_survey_prefixes(string name)
    {
        var id = await CreateAsync(Draft("AT 2024abc", 150, 2));
        var match = Assert.IsType<TargetAlreadyExists>(await _writer.CreateAsync(Draft(name, 10, 10), Cancellation));
        Assert.Equal((DuplicateKind.SimilarName, id, "AT 2024abc"), (match.Kind, match.ExistingTargetId, match.MatchedName));
        Assert.Equal($"{name} looks like the existing target AT 2024abc (AT 2024abc).", match.Message);
    }

    [Theory]
    [InlineData(150.0, 2.0, 150.0 + 1.0 / 3600, 2.0)] // 1″ east
    [InlineData(359.99990, 0.0, 0.00010, 0.0)] // 0.72″ across RA 0/360
    [InlineData(0.0, 89.99980, 180.0, 89.99980)] // 1.44″ across the pole
    [InlineData(10.0, -30.0, 10.0, -30.0 + 1.9 / 3600)]
    public async Task A_position_within_the_radius_is_a_position_match(double ra, double dec, double newRa, double newDec)
    {
        var id = await CreateAsync(Draft("ZTF24aaaaaaa", ra, dec));
        var match = Assert.IsType<TargetAlreadyExists>(await _writer.CreateAsync(Draft("ANT2024xyz", newRa, newDec), Cancellation));
        Assert.Equal((DuplicateKind.Position, id), (match.Kind, match.ExistingTargetId));
        Assert.InRange(match.SeparationArcsec!.Value, 0, 2);
        Assert.Matches(@"^ANT2024xyz is \d\.\d″ from the existing target ZTF24aaaaaaa\.$", match.Message);
    }

    [Fact]
    public async Task A_position_just_outside_the_radius_is_a_new_target()
    {
        await CreateAsync(Draft("ZTF24aaaaaaa", 150, 2));
        Assert.IsType<TargetCreated>(await _writer.CreateAsync(Draft("ANT2024xyz", 150 + 2.2 / 3600, 2), Cancellation));
    }

    [Fact]
    public async Task Merge_adds_the_names_as_aliases_and_the_missing_extras_and_the_photometry()
    {
        var id = await CreateAsync(Draft("ZTF24aaaaaaa", 150, 2));
        var photometry = new[]
        {
            new PhotometryPoint { Timestamp = DateTimeOffset.UtcNow.AddDays(-1), Band = "lsstg", Magnitude = 19.2, MagnitudeError = 0.03, Source = "Rubin" },
        };
        var draft = Draft("170587116732416143", 150 + 1.0 / 3600, 2, "AT 2024abc") with
        {
            Extras = new Dictionary<string, string> { ["source_survey"] = "LSST", ["classification"] = "SN Ia" },
        };

        var merged = Assert.IsType<TargetMerged>(await _writer.MergeAsync(id, draft, photometry.ToAsyncEnumerable(), Cancellation));

        Assert.Equal(["170587116732416143", "AT 2024abc"], merged.AliasesAdded);
        Assert.Equal((1, 1), (merged.ExtrasAdded, merged.PhotometryCount));
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        var target = await database.Targets.Include(each => each.Names).Include(each => each.Extras).SingleAsync(Cancellation);
        Assert.Equal(["170587116732416143", "AT 2024abc"], target.Aliases);
        Assert.Equal("ZTF", target.Extras.Single(extra => extra.Key == "source_survey").Value);
        Assert.Equal("SN Ia", target.Extras.Single(extra => extra.Key == "classification").Value);
        Assert.Equal(1, await database.Photometry.CountAsync(Cancellation));

        // Merging the same again adds nothing twice.
        var again = Assert.IsType<TargetMerged>(await _writer.MergeAsync(id, draft, photometry.ToAsyncEnumerable(), Cancellation));
        Assert.Empty(again.AliasesAdded);
        Assert.Equal(1, await database.Photometry.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Merge_never_takes_a_name_from_another_target()
    {
        var into = await CreateAsync(Draft("ZTF24aaaaaaa", 150, 2));
        await CreateAsync(Draft("ZTF24bbbbbbb", 10, 10, "AT 2024zzz"));

        var merged = Assert.IsType<TargetMerged>(await _writer.MergeAsync(into, Draft("ANT2024xyz", 150, 2, "AT 2024zzz"), AsyncEnumerable.Empty<PhotometryPoint>(), Cancellation));

        Assert.Equal(["ANT2024xyz"], merged.AliasesAdded);
        Assert.Equal(["AT 2024zzz"], merged.NamesOfOtherTargets);
        Assert.Contains("Not added, already names of other targets: AT 2024zzz.", merged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_anyway_makes_a_second_target_and_keeps_the_reason_but_never_shares_a_name()
    {
        await CreateAsync(Draft("ZTF24aaaaaaa", 150, 2));

        var created = Assert.IsType<TargetCreated>(await _writer.CreateAnywayAsync(Draft("ANT2024xyz", 150 + 0.5 / 3600, 2), "Two sources in one galaxy: the nucleus and a SN.", Cancellation));
        var sameName = await _writer.CreateAnywayAsync(Draft("ZTF24aaaaaaa", 50, 50), "no", Cancellation);

        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal("Two sources in one galaxy: the nucleus and a SN.", (await database.Targets.SingleAsync(target => target.Id == created.TargetId, Cancellation)).DuplicateReason);
        Assert.Equal(DuplicateKind.Name, Assert.IsType<TargetAlreadyExists>(sameName).Kind);
        Assert.Equal(2, await database.Targets.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Twenty_concurrent_creations_of_one_object_under_different_names_give_one_target()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(
            () => _writer.CreateAsync(Draft($"ZTF24race{i:00}", 150 + i * 0.05 / 3600, 2), Cancellation), Cancellation)));

        Assert.Single(outcomes.OfType<TargetCreated>());
        Assert.Equal(19, outcomes.OfType<TargetAlreadyExists>().Count(match => match.Kind == DuplicateKind.Position));
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
    }

    [Fact]
    public async Task The_sky_index_is_kept_with_the_coordinates()
    {
        var id = await CreateAsync(Draft("ZTF24aaaaaaa", 150, -45.123));
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        var target = await database.Targets.Include(each => each.Names).SingleAsync(each => each.Id == id, Cancellation);
        Assert.Equal(SkyZones.ZoneOf(-45.123), target.SkyZone);
        Assert.Equal("ztf24aaaaaaa", target.Names.Single().Simplified);

        target.Dec = 12.5;
        await database.SaveChangesAsync(Cancellation);
        Assert.Equal(SkyZones.ZoneOf(12.5), (await database.Targets.AsNoTracking().SingleAsync(Cancellation)).SkyZone);
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class DuplicateDetectionOnSqliteTests() : DuplicateDetectionTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class DuplicateDetectionOnPostgresTests() : DuplicateDetectionTests(DatabaseProvider.Postgres);
