using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Fink;

/// <summary>Create target from a Fink alert, through the app's TargetWriter into a real SQLite database.</summary>
public sealed class FinkTargetTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 22, 15, 0, TimeSpan.Zero));
    private FakeFink _fink = default!;
    private TestDatabase _database = default!;
    private TargetWriter _writer = default!;

    public async ValueTask InitializeAsync()
    {
        _fink = await FakeFink.StartAsync();
        _database = await TestDatabase.CreateAsync();
        _writer = new TargetWriter(_database.Factory, _time, NullLogger<TargetWriter>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _fink.DisposeAsync();
    }

    private async Task<(IBroker Broker, GenericAlert Alert, Microsoft.Extensions.Hosting.IHost Host)> FirstAlertAsync(FinkParameters parameters)
    {
        var host = _fink.BuildHost();
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Fink");
        var (alerts, _) = await BrokerHost.RunAsync(broker, parameters, Cancellation);
        return (broker, alerts[0], host);
    }

    private async Task<Target> LoadAsync(long id)
    {
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        return await database.Targets.Include(target => target.Names).Include(target => target.Extras).Include(target => target.Photometry)
            .SingleAsync(target => target.Id == id, Cancellation);
    }

    [Fact]
    public async Task A_supernova_becomes_a_sidereal_target_with_fink_extras_and_its_light_curve()
    {
        _fink.UpperLimitRows["ZTF18aaqjovh"] = [FakeFink.UpperLimit("ZTF18aaqjovh", 2461070.80, 2, 20.4)];
        var (broker, alert, host) = await FirstAlertAsync(new FinkParameters { ObjectIds = "ZTF18aaqjovh" });
        using var _ = host;

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, alert, Cancellation));

        Assert.Null(created.PhotometryProblem);
        Assert.Equal(6, created.PhotometryCount);
        var target = await LoadAsync(created.TargetId);
        Assert.Equal(("ZTF18aaqjovh", TargetType.Sidereal, 178.181727, 25.6750207), (target.Name, target.Type, target.Ra!.Value, target.Dec!.Value));
        Assert.Equal(("Fink", "3322416432815010007"), (target.SourceBroker, target.SourceAlertId));
        // d:tns is the TNS type, so it is an extra, not an alias.
        Assert.Empty(target.Aliases);
        var extras = target.Extras.ToDictionary(extra => extra.Key, extra => extra.Value);
        var (l, b) = GalacticCoordinates.FromEquatorial(178.181727, 25.6750207);
        Assert.Equal(new Dictionary<string, string>
        {
            ["fink_classification"] = "Supernova",
            ["cdsxmatch"] = "Supernova",
            ["tns_classification"] = "SN Ic-BL",
            ["galactic_lng"] = l.ToString("0.000000", CultureInfo.InvariantCulture),
            ["galactic_lat"] = b.ToString("0.000000", CultureInfo.InvariantCulture),
            // Fink's own v:firstdate and v:lastdate for this row: 2018-02-24 09:31:16.003 and 2026-02-05 09:59:40.001.
            ["first_detection"] = "2018-02-24 09:31:16",
            ["last_detection"] = "2026-02-05 09:59:40",
        }, extras);
        Assert.InRange(b, 75, 80);

        Assert.Equal(5, target.Photometry.Count(point => point is { Band: "ztfg", Magnitude: not null, MagnitudeError: not null, Limit: null }));
        var limit = Assert.Single(target.Photometry, point => point.Limit is not null);
        Assert.Equal(("ztfr", 20.4, "Fink"), (limit.Band, limit.Limit!.Value, limit.Source));
    }

    [Fact]
    public async Task Sentinel_values_leave_no_extras_behind()
    {
        // ZTF19aaosfcb: v:classification and d:cdsxmatch "Unknown", d:tns "" and "nan", d:vsx "Fail 503".
        var (broker, alert, host) = await FirstAlertAsync(new FinkParameters { ObjectIds = "ZTF19aaosfcb" });
        using var _ = host;

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, alert, Cancellation));

        var target = await LoadAsync(created.TargetId);
        Assert.Equal(["first_detection", "galactic_lat", "galactic_lng", "last_detection"], target.Extras.Select(extra => extra.Key).Order());
        Assert.Equal("2019-04-04 10:41:51", target.Extras.Single(extra => extra.Key == "first_detection").Value);
        Assert.Equal(3, created.PhotometryCount);
    }

    [Fact]
    public async Task An_asteroid_target_is_stored_non_sidereal_with_its_number_as_alias_and_no_photometry_request()
    {
        var (broker, alert, host) = await FirstAlertAsync(new FinkParameters { SolarSystemObject = "1620" });
        using var _ = host;
        var callsBefore = _fink.Calls.Count;

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, alert, Cancellation));

        var target = await LoadAsync(created.TargetId);
        Assert.Equal(("Geographos", TargetType.NonSidereal), (target.Name, target.Type));
        Assert.Equal(["1620"], target.Aliases);
        Assert.Equal(0, created.PhotometryCount);
        Assert.Equal(callsBefore, _fink.Calls.Count);
    }

    [Fact]
    public async Task A_second_alert_of_the_same_object_finds_the_existing_target()
    {
        var host = _fink.BuildHost();
        using var _ = host;
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Fink");
        var (alerts, _) = await BrokerHost.RunAsync(broker, new FinkParameters { ObjectIds = "ZTF21abfmbix" }, Cancellation);

        var first = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, alerts[0], Cancellation));
        var second = Assert.IsType<TargetAlreadyExists>(await _writer.CreateFromAlertAsync(broker, alerts[3], Cancellation));

        Assert.Equal(first.TargetId, second.ExistingTargetId);
    }
}
