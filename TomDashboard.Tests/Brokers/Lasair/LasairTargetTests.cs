using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Lasair;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Lasair;

/// <summary>Targets and light curves from Lasair objects, through the app's TargetWriter on a real database.</summary>
public sealed class LasairTargetTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private TestDatabase _database = default!;
    private TargetWriter _writer = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _writer = new TargetWriter(_database.Factory, new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero)), NullLogger<TargetWriter>.Instance);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<Target> LoadAsync(long id)
    {
        await using var context = await _database.Factory.CreateDbContextAsync(Cancellation);
        return await context.Targets.Include(each => each.Names).Include(each => each.Extras).Include(each => each.Photometry)
            .SingleAsync(each => each.Id == id, Cancellation);
    }

    [Fact]
    public async Task A_ztf_alert_becomes_a_target_with_its_tns_alias_extras_and_light_curve()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = "[{\"objectId\": \"ZTF18aaaduje\"}]";
        using var host = lasair.BuildHost();
        var broker = LasairFake.Create(host);
        var (alerts, _) = await BrokerHost.RunAsync(broker, new LasairParameters { SqlQuery = "ncand > 1" }, Cancellation);

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, Assert.Single(alerts), Cancellation));

        Assert.Null(created.PhotometryProblem);
        Assert.Equal(5, created.PhotometryCount);
        var target = await LoadAsync(created.TargetId);
        Assert.Equal(("ZTF18aaaduje", 52.68339748783069, 30.546314428042333, TargetType.Sidereal), (target.Name, target.Ra, target.Dec, target.Type));
        Assert.Equal(("Lasair", "ZTF18aaaduje"), (target.SourceBroker, target.SourceAlertId));
        Assert.Equal(["SN 2019abc"], target.Aliases);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["galactic_lng"] = "159.12011347419698",
                ["galactic_lat"] = "-20.911037347147648",
                ["ncand"] = "2",
                ["first_detection"] = "2019-12-26 06:00:00",
                ["last_detection"] = "2020-01-06 12:00:00",
                ["sherlock_classification"] = "SN",
            },
            target.Extras.ToDictionary(extra => extra.Key, extra => extra.Value));

        var detections = target.Photometry.Where(point => point.Magnitude is not null).OrderBy(point => point.Timestamp).ToList();
        var limits = target.Photometry.Where(point => point.Limit is not null).OrderBy(point => point.Timestamp).ToList();
        Assert.Equal([("ztfg", 15.4319, 0.05), ("ztfr", 16.5676, 0.08)], detections.Select(point => (point.Band, point.Magnitude!.Value, point.MagnitudeError!.Value)));
        Assert.Equal([("ztfg", 20.1), ("ztfr", 20.3), ("ztfi", 19.9)], limits.Select(point => (point.Band, point.Limit!.Value)));
        Assert.All(target.Photometry, point => Assert.Equal("Lasair", point.Source));
        Assert.Equal(new DateTimeOffset(2019, 12, 23, 0, 0, 0, TimeSpan.Zero), limits[0].Timestamp);

        // The light curve was asked for again, with the token in the header only.
        var photometryRequest = lasair.Server.Requests.Last();
        Assert.Equal(("GET", "/api/object/?objectId=ZTF18aaaduje&format=json"), (photometryRequest.Method, photometryRequest.PathAndQuery));
        Assert.Equal($"Token {LasairFake.ZtfToken}", photometryRequest.Headers["Authorization"]);
    }

    [Fact]
    public async Task An_lsst_alert_becomes_a_target_with_computed_galactic_coordinates_and_its_fluxes_as_magnitudes()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = $"[{{\"diaObjectId\": {LasairFake.LsstObjectId}}}]";
        using var host = lasair.BuildHost();
        var broker = LasairFake.Create(host);
        var (alerts, _) = await BrokerHost.RunAsync(broker, new LasairParameters { Survey = Survey.Lsst, SqlQuery = "nDiaSources > 2" }, Cancellation);

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, Assert.Single(alerts), Cancellation));

        var target = await LoadAsync(created.TargetId);
        Assert.Equal((LasairFake.LsstObjectId, 150.1, -2.5), (target.Name, target.Ra, target.Dec));
        Assert.Equal(LasairFake.LsstObjectId, target.SourceAlertId);
        Assert.Equal(["AT 2025xyz"], target.Aliases);
        var (l, b) = GalacticCoordinates.FromEquatorial(150.1, -2.5);
        var extras = target.Extras.ToDictionary(extra => extra.Key, extra => extra.Value);
        Assert.Equal(l, double.Parse(extras["galactic_lng"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(b, double.Parse(extras["galactic_lat"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("3", extras["nDiaSources"]);
        // MJD TAI 60800.1 and 60810.2, each 37 s earlier in UTC.
        Assert.Equal("2025-05-05 02:23:23", extras["first_detection"]);
        Assert.Equal("2025-05-15 04:47:23", extras["last_detection"]);
        Assert.Equal("SN", extras["sherlock_classification"]);

        // DIA sources: two positive fluxes are magnitudes, the negative one (-2000 ± 150 nJy) a 5σ limit. Forced: 3631 nJy
        // in i above 3σ is a magnitude, two below 3σ are 5σ limits, and the one at a DIA source's time gives way to it.
        var points = target.Photometry.OrderBy(point => point.Timestamp).ToList();
        Assert.Equal(6, created.PhotometryCount);
        Assert.Equal(
            ["lsstg limit 24.6526", "lssti 22.4999 ± 0.0598", "lsstg 21.4000 ± 0.0109", "lsstr 22.1526 ± 0.0261", "lsstr limit 24.2123", "lsstz limit 25.9598"],
            points.Select(point => point.Limit is { } limit
                ? $"{point.Band} limit {limit:0.0000}"
                : $"{point.Band} {point.Magnitude:0.0000} ± {point.MagnitudeError:0.0000}"));
        Assert.Equal(AstroTime.FromMjdTai(60790.0), points[0].Timestamp);
    }

    [Fact]
    public async Task Photometry_for_a_target_is_found_by_an_alias_that_is_a_lasair_id()
    {
        await using var lasair = await LasairFake.StartAsync();
        using var host = lasair.BuildHost();
        var broker = LasairFake.Create(host);
        var reference = new TargetReference("SN 2019abc", ["2019abc", "ZTF18aaaduje"], 52.68, 30.55, SourceAlertId: null);

        var points = await broker.FetchPhotometryAsync(reference, Cancellation).ToListAsync(Cancellation);

        Assert.Equal(2, points.Count(point => point.Magnitude is not null));
        Assert.Equal(3, points.Count(point => point.Limit is not null));
        Assert.Equal(["ztfg", "ztfi", "ztfr"], points.Select(point => point.Band).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal("/api/object/?objectId=ZTF18aaaduje&format=json", Assert.Single(lasair.Server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_target_with_no_lasair_id_asks_nothing()
    {
        await using var lasair = await LasairFake.StartAsync();
        using var host = lasair.BuildHost();

        var points = await LasairFake.Create(host).FetchPhotometryAsync(new TargetReference("M31", [], 10.68, 41.27, null), Cancellation).ToListAsync(Cancellation);

        Assert.Empty(points);
        Assert.Empty(lasair.Server.Requests);
    }

    [Fact]
    public async Task A_rate_limited_light_curve_is_a_readable_photometry_problem_and_the_target_is_still_created()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = "[{\"objectId\": \"ZTF18aaaduje\"}]";
        lasair.ObjectOverride = (context, number) => number < 2
            ? null
            : context.Response.WriteAsync("Request limit exceeded. Either wait an hour, or get a power user account.", context.RequestAborted);
        using var host = lasair.BuildHost();
        var broker = LasairFake.Create(host);
        var (alerts, _) = await BrokerHost.RunAsync(broker, new LasairParameters { SqlQuery = "ncand > 1" }, Cancellation);

        var created = Assert.IsType<TargetCreated>(await _writer.CreateFromAlertAsync(broker, Assert.Single(alerts), Cancellation));

        Assert.Equal(0, created.PhotometryCount);
        Assert.Equal(
            "Lasair failed: its request limit is exceeded (HTTP 200). It said: Request limit exceeded. Either wait an hour, or get a power user account. Try again in an hour.",
            created.PhotometryProblem);
    }

    [Fact]
    public async Task Photometry_for_a_survey_without_a_token_names_the_setting()
    {
        await using var lasair = await LasairFake.StartAsync();
        using var host = lasair.BuildHost(lsstToken: null);
        var reference = new TargetReference(LasairFake.LsstObjectId, [], 150.1, -2.5, LasairFake.LsstObjectId);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await LasairFake.Create(host).FetchPhotometryAsync(reference, Cancellation).ToListAsync(Cancellation));

        Assert.Contains("set Brokers:Lasair:LsstToken", failure.Message, StringComparison.Ordinal);
        Assert.Empty(lasair.Server.Requests);
    }

    [Theory]
    [InlineData("{\"tns_name\": \"SN2019abc\", \"tns_prefix\": \"SN\"}", "SN2019abc")]
    [InlineData("{\"tns_name\": \"2019abc\"}", "2019abc")]
    [InlineData("{}", null)]
    [InlineData("[\"2019abc\"]", null)]
    [InlineData("\"2019abc\"", null)]
    [InlineData("{\"tns_name\": 2019}", null)]
    public void Only_a_string_tns_name_becomes_an_alias(string tnsBlock, string? alias)
    {
        var answer = LasairFake.ZtfObject("ZTF18aaaduje");
        answer["TNS"] = System.Text.Json.Nodes.JsonNode.Parse(tnsBlock);
        using var document = System.Text.Json.JsonDocument.Parse(answer.ToJsonString());

        var summary = LasairObjects.Summarize(Survey.Ztf, document.RootElement);

        Assert.Equal(alias, summary.TnsName);
    }

    [Fact]
    public void A_raw_alert_round_trips_through_the_broker_json_options()
    {
        var json = LasairFake.LsstObject(LasairFake.LsstObjectId);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var alert = new LasairAlert { Survey = Survey.Lsst, ObjectId = LasairFake.LsstObjectId, Separation = 1.5, Data = document.RootElement.Clone() };

        var text = System.Text.Json.JsonSerializer.Serialize(alert, BrokerJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<LasairAlert>(text, BrokerJson.Options)!;

        Assert.Equal((Survey.Lsst, LasairFake.LsstObjectId, 1.5), (back.Survey, back.ObjectId, back.Separation));
        Assert.Contains($"\"diaObjectId\":{LasairFake.LsstObjectId}", back.Data.GetRawText().Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
