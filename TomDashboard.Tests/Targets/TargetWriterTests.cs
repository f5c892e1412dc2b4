using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

public abstract class TargetWriterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
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

    private static TargetDraft Draft(string name, params string[] aliases) => new()
    {
        Name = name,
        Ra = 32,
        Dec = -20,
        Aliases = aliases,
        Extras = new Dictionary<string, string> { ["classification"] = "SN Ia" },
        SourceBroker = "MyBroker",
        SourceAlertId = "1",
    };

    [Fact]
    public async Task Creates_a_target_with_its_names_extras_source_and_time()
    {
        var created = Assert.IsType<TargetCreated>(await _writer.CreateAsync(Draft("Tatooine", "AT 2019abc"), Cancellation));

        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        var target = await database.Targets.Include(each => each.Names).Include(each => each.Extras).SingleAsync(Cancellation);
        Assert.Equal(created.TargetId, target.Id);
        Assert.Equal(("Tatooine", TargetType.Sidereal, 32.0, -20.0, 2000.0), (target.Name, target.Type, target.Ra!.Value, target.Dec!.Value, target.Epoch!.Value));
        Assert.Equal(["AT 2019abc"], target.Aliases);
        Assert.Equal(("MyBroker", "1"), (target.SourceBroker, target.SourceAlertId));
        Assert.Equal("SN Ia", Assert.Single(target.Extras).Value);
        Assert.Equal(_time.GetUtcNow(), target.Created);
    }

    [Fact]
    public async Task A_second_target_with_the_same_name_is_refused_with_a_link_to_the_first()
    {
        var first = Assert.IsType<TargetCreated>(await _writer.CreateAsync(Draft("Tatooine"), Cancellation));

        var second = Assert.IsType<TargetAlreadyExists>(await _writer.CreateAsync(Draft("Tatooine"), Cancellation));

        Assert.Equal(first.TargetId, second.ExistingTargetId);
        Assert.Equal("A target named Tatooine already exists.", second.Message);
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
    }

    [Fact]
    public async Task A_name_that_is_another_targets_alias_is_a_duplicate_and_the_reverse_too()
    {
        var first = Assert.IsType<TargetCreated>(await _writer.CreateAsync(Draft("ZTF19aaaaaaa", "AT 2019abc"), Cancellation));

        var byName = Assert.IsType<TargetAlreadyExists>(await _writer.CreateAsync(Draft("AT 2019abc"), Cancellation));
        var byAlias = Assert.IsType<TargetAlreadyExists>(await _writer.CreateAsync(Draft("ANT2019xyz", "ZTF19aaaaaaa"), Cancellation));

        Assert.Equal(first.TargetId, byName.ExistingTargetId);
        Assert.Equal("AT 2019abc is already a name of the target ZTF19aaaaaaa.", byName.Message);
        Assert.Equal(first.TargetId, byAlias.ExistingTargetId);
    }

    [Fact]
    public async Task Two_users_creating_the_same_target_at_the_same_moment_get_one_target_and_one_duplicate_message()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _writer.CreateAsync(Draft("Hoth"), Cancellation), Cancellation)));

        Assert.Single(outcomes.OfType<TargetCreated>());
        Assert.Equal(7, outcomes.OfType<TargetAlreadyExists>().Count());
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
        Assert.Equal(1, await database.TargetNames.CountAsync(Cancellation));
    }

    [Fact]
    public async Task The_database_refuses_a_duplicate_name_even_past_the_check()
    {
        await _writer.CreateAsync(Draft("Tatooine"), Cancellation);
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        database.Targets.Add(new Target { Name = "Other", Names = [new TargetName { Name = "Tatooine", Kind = TargetNameKind.Alias }] });

        await Assert.ThrowsAsync<DbUpdateException>(() => database.SaveChangesAsync(Cancellation));
    }

    [Theory]
    // The wording of TargetRules, the same as the edit page's messages.
    [InlineData("", 10.0, 10.0, "A target needs a name.")]
    [InlineData("X", 360.0, 10.0, "RA must be at least 0 and less than 360 degrees.")]
    [InlineData("X", 10.0, -91.0, "Dec must be between -90 and +90 degrees.")]
    [InlineData("X", double.NaN, 10.0, "RA must be at least 0 and less than 360 degrees.")]
    public async Task Rejects_impossible_targets_with_a_reason(string name, double ra, double dec, string reason)
    {
        var outcome = Assert.IsType<TargetRejected>(await _writer.CreateAsync(Draft(name) with { Ra = ra, Dec = dec }, Cancellation));
        Assert.Equal(reason, outcome.Reason);
    }

    [Fact]
    public async Task A_sidereal_target_needs_coordinates()
    {
        var outcome = Assert.IsType<TargetRejected>(await _writer.CreateAsync(Draft("X") with { Ra = null }, Cancellation));
        Assert.Equal("A sidereal target needs an RA.", outcome.Reason);
    }

    [Theory]
    [InlineData(1e20)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public async Task An_epoch_that_is_no_year_is_refused_as_on_the_edit_page(double epoch)
    {
        var outcome = Assert.IsType<TargetRejected>(await _writer.CreateAsync(Draft("X") with { Epoch = epoch }, Cancellation));
        Assert.Equal(TargetRules.EpochProblem(epoch), outcome.Reason);
        Assert.Equal("X was not created: the epoch must be a number of years from 1800 to 2200, such as 2000.", outcome.Message);
    }

    [Fact]
    public async Task Creating_from_an_alert_uses_the_brokers_target_and_imports_its_photometry_once()
    {
        var broker = new ChannelBroker();
        var night = new DateTimeOffset(2024, 5, 1, 3, 0, 0, TimeSpan.Zero);
        broker.Photometry.AddRange(
        [
            new PhotometryPoint { Timestamp = night, Band = "g", Magnitude = 18.2, MagnitudeError = 0.05, Source = "ChannelBroker" },
            new PhotometryPoint { Timestamp = night.AddDays(1), Band = "r", Limit = 20.5, Source = "ChannelBroker" },
        ]);
        broker.Alerts.Writer.TryWrite(new FakeAlert("42", "ZTF24abcdefg", 150, 2));
        broker.Alerts.Writer.Complete();
        var (alerts, _) = await BrokerHost.RunAsync(broker, new ChannelBrokerParameters(), Cancellation);

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, Assert.Single(alerts), Cancellation));
        var again = await _writer.ImportPhotometryAsync(created.TargetId, broker.FetchPhotometryAsync(Draft("x").ToReference(), Cancellation), Cancellation);

        Assert.Equal(2, created.PhotometryCount);
        Assert.Equal(2, again);
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        var points = await database.Photometry.OrderBy(point => point.Band).ToListAsync(Cancellation);
        Assert.Equal(2, points.Count);
        Assert.Equal((18.2, (double?)null), (points[0].Magnitude!.Value, points[0].Limit));
        Assert.Equal(20.5, points[1].Limit);
        var target = await database.Targets.Include(each => each.Names).SingleAsync(Cancellation);
        Assert.Equal(["ZTF24abcdefg-alias"], target.Aliases);
    }

    [Fact]
    public async Task An_alert_the_broker_cannot_read_is_rejected_not_thrown()
    {
        var broker = new ChannelBroker();
        var alert = new GenericAlert { Id = "1", Name = "broken", Source = "ChannelBroker", RawJson = "{\"nonsense\": " };

        var outcome = Assert.IsType<TargetRejected>(await _writer.CreateFromAlertAsync(broker, alert, Cancellation));

        Assert.StartsWith("ChannelBroker could not read this alert", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_batch_is_one_transaction_that_merges_the_same_object_seen_twice_and_refuses_the_impossible()
    {
        var known = Assert.IsType<TargetCreated>(await _writer.CreateAsync(Draft("ZTF26known") with { Ra = 20, Dec = 20 }, Cancellation));
        var night = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);
        PhotometryPoint Point(int hour) => new() { Timestamp = night.AddHours(hour), Band = "ztfr", Magnitude = 18, Source = "ZTF" };
        TargetSubmission Packet(string name, double ra, double dec, int hour) =>
            TargetSubmission.WithPoints(Draft(name) with { Ra = ra, Dec = dec }, [Point(hour)], null, "ZTF");

        var outcomes = await _writer.WriteBatchAsync(
        [
            Packet("ZTF26fresh", 150, 2, 1),
            Packet("ZTF26fresh", 150, 2, 2),
            Packet("ZTF26known", 20, 20, 3),
            Packet("ZTF26broken", 400, 2, 4),
        ], Cancellation);

        var created = Assert.IsType<TargetCreated>(outcomes[0]);
        Assert.Equal(created.TargetId, Assert.IsType<TargetMerged>(outcomes[1]).TargetId);
        Assert.Equal(known.TargetId, Assert.IsType<TargetMerged>(outcomes[2]).TargetId);
        Assert.Equal("RA must be at least 0 and less than 360 degrees.", Assert.IsType<TargetRejected>(outcomes[3]).Reason);
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(2, await database.Targets.CountAsync(Cancellation));
        Assert.Equal(2, await database.Photometry.CountAsync(point => point.TargetId == created.TargetId, Cancellation));
        Assert.Equal(1, await database.Photometry.CountAsync(point => point.TargetId == known.TargetId, Cancellation));
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class TargetWriterOnSqliteTests() : TargetWriterTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TargetWriterOnPostgresTests() : TargetWriterTests(DatabaseProvider.Postgres);
