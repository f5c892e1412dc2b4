using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Alerce;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;
using static TomDashboard.Tests.Brokers.Alerce.AlerceFixtures;

namespace TomDashboard.Tests.Brokers.Alerce;

/// <summary>Create target from an ALeRCE alert through the app's TargetWriter: the target, its extras and its imported photometry.</summary>
public sealed class AlerceTargetCreationTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private TestDatabase _database = default!;
    private TargetWriter _writer = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _writer = new TargetWriter(_database.Factory, TimeProvider.System, NullLogger<TargetWriter>.Instance);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_ztf_object_becomes_a_target_with_its_extras_and_its_light_curve()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.Request.Path.Value!.EndsWith("/lightcurve", StringComparison.Ordinal)
            ? context.WriteJsonAsync(Fixtures.Text(ZtfLightCurveFile))
            : context.WriteJsonAsync(ZtfPage(1, hasNext: false, ZtfListItem())));
        var broker = Build(server, out var host);
        using var _ = host;
        var (alerts, _) = await BrokerHost.RunAsync(broker, new AlerceParameters { ObjectIds = "ZTF18abcgqmz" }, Cancellation);

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, Assert.Single(alerts), Cancellation));

        Assert.Equal(2, created.PhotometryCount);
        Assert.Null(created.PhotometryProblem);
        Assert.Equal("/ztf/v1/objects/ZTF18abcgqmz/lightcurve", server.Requests.Last().PathAndQuery);
        var target = await LoadAsync(created.TargetId);
        Assert.Equal(("ZTF18abcgqmz", "ALeRCE", "ZTF18abcgqmz", 279.90476624999997), (target.Name, target.SourceBroker, target.SourceAlertId, target.Ra!.Value));
        Assert.Empty(target.Aliases);
        var extras = target.Extras.ToDictionary(extra => extra.Key, extra => extra.Value);
        Assert.Equal(("SNIa", "lc_classifier", "0.72", "2"), (extras["class"], extras["classifier"], extras["probability"], extras["ndet"]));
        Assert.Equal(("58288.37787039997", "2018-06-19 09:04:08"), (extras["firstmjd"], extras["firstmjd_utc"]));
        Assert.Equal(("27.250824", "0.400634"), (extras["galactic_lng"], extras["galactic_lat"]));
        Assert.Equal([("ztfg", true), ("ztfr", false)], target.Photometry.OrderBy(point => point.Timestamp).Select(point => (point.Band, point.Magnitude is not null)));
    }

    [Fact]
    public async Task An_lsst_object_becomes_a_target_named_by_its_dia_object_id_with_its_detections()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.Request.Path.StartsWithSegments("/lightcurve_api")
            ? context.WriteJsonAsync(Fixtures.Text(LsstDetectionsFile))
            : context.WriteJsonAsync(Fixtures.Text(LsstObjectFile)));
        var broker = Build(server, out var host);
        using var _ = host;
        var (alerts, _) = await BrokerHost.RunAsync(broker, new AlerceParameters { Survey = Survey.Lsst, ObjectIds = LsstOid }, Cancellation);

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, Assert.Single(alerts), Cancellation));

        Assert.Equal(3, created.PhotometryCount);
        var target = await LoadAsync(created.TargetId);
        Assert.Equal((LsstOid, LsstOid), (target.Name, target.SourceAlertId));
        Assert.Equal("LSST", target.Extras.Single(extra => extra.Key == "survey").Value);
        Assert.All(target.Photometry, point => Assert.NotNull(point.Limit));
        Assert.Equal(["lsstg", "lsstg", "lssti"], target.Photometry.Select(point => point.Band).Order());

        // Created again: the same target, found by name, and no second copy.
        Assert.IsType<TargetAlreadyExists>(await _writer.CreateFromAlertAsync(broker, alerts[0], Cancellation));
    }

    private async Task<Target> LoadAsync(long id)
    {
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        return await database.Targets.Include(target => target.Names).Include(target => target.Extras).Include(target => target.Photometry)
            .SingleAsync(target => target.Id == id, Cancellation);
    }
}
