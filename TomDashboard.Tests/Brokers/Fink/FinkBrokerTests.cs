using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Fink;

/// <summary>The Fink broker against a real local HTTP server replaying Fink's recorded rows.</summary>
public sealed class FinkBrokerTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private FakeFink _fink = default!;

    public async ValueTask InitializeAsync() => _fink = await FakeFink.StartAsync();

    public ValueTask DisposeAsync() => _fink.DisposeAsync();

    private static IBroker Create(IHost host) => host.Services.GetRequiredService<BrokerCatalog>().Create("Fink");

    private async Task<(List<GenericAlert> Alerts, List<BrokerFeedback> Feedback)> RunAsync(FinkParameters parameters, TimeProvider? time = null)
    {
        using var host = _fink.BuildHost(time: time);
        return await BrokerHost.RunAsync(Create(host), parameters, Cancellation);
    }

    [Fact]
    public async Task An_object_search_posts_the_object_id_to_ztf_objects_and_yields_one_alert_per_row()
    {
        var (alerts, feedback) = await RunAsync(new FinkParameters { ObjectIds = "ZTF21abfmbix" });

        Assert.Empty(feedback);
        var call = Assert.Single(_fink.Calls);
        Assert.Equal(("POST", "/ztf/api/v1/objects"), (call.Method, call.Path));
        Assert.Equal("""{"objectId":"ZTF21abfmbix","output-format":"json"}""", call.Body);
        Assert.Equal("application/json; charset=utf-8", call.Headers["Content-Type"]);
        Assert.Equal("application/json", call.Headers["Accept"]);
        Assert.False(call.Headers.ContainsKey("Authorization"));

        Assert.Equal(5, alerts.Count);
        Assert.All(alerts, alert => Assert.Equal(("ZTF21abfmbix", "Fink", "https://fink-portal.org/ZTF21abfmbix"), (alert.Name, alert.Source, alert.Url)));
        Assert.Equal(
            ["1642249732315015013", "1642187332315015031", "1640195712315015009", "1638256862315015020", "1638187852315015018"],
            alerts.Select(alert => alert.Id));
        var latest = alerts[0];
        Assert.Equal(new DateTimeOffset(2021, 7, 1, 5, 59, 37, TimeSpan.Zero), FakeFink.ToSecond(latest.Timestamp!.Value));
        Assert.Equal((193.8217409, 2.8973184, 16.234324, 0.135), (latest.Ra!.Value, latest.Dec!.Value, latest.Mag!.Value, latest.Score!.Value));
        var oldest = alerts[^1];
        Assert.Equal(new DateTimeOffset(2021, 6, 27, 4, 30, 31, TimeSpan.Zero), FakeFink.ToSecond(oldest.Timestamp!.Value));
        Assert.Equal((15.258791, 0.279), (oldest.Mag!.Value, oldest.Score!.Value));
    }

    [Fact]
    public async Task Several_object_ids_go_in_one_request_as_a_comma_list()
    {
        var (alerts, _) = await RunAsync(new FinkParameters { ObjectIds = " ZTF21abfmbix, ZTF18aaqjovh ,," });

        Assert.Equal("""{"objectId":"ZTF21abfmbix,ZTF18aaqjovh","output-format":"json"}""", Assert.Single(_fink.Calls).Body);
        Assert.Equal(10, alerts.Count);
        Assert.Equal(5, alerts.Count(alert => alert.Name == "ZTF18aaqjovh"));
        var supernova = alerts.First(alert => alert.Name == "ZTF18aaqjovh");
        Assert.Equal(("3322416432815010007", 178.181727, 25.6750207, 18.947964, 0.0),
            (supernova.Id, supernova.Ra!.Value, supernova.Dec!.Value, supernova.Mag!.Value, supernova.Score!.Value));
        Assert.Equal(new DateTimeOffset(2026, 2, 5, 9, 59, 40, TimeSpan.Zero), FakeFink.ToSecond(supernova.Timestamp!.Value));
    }

    [Fact]
    public async Task Rows_with_sentinels_from_three_fink_versions_still_make_alerts()
    {
        // SkyPortal's recorded answer: "Fail 503", "nan", "None", "\ufffd", -999.0, schema 3.3 and 4.02 side by side.
        var (alerts, feedback) = await RunAsync(new FinkParameters { ObjectIds = "ZTF19aaosfcb" });

        Assert.Empty(feedback);
        Assert.Equal(["3072410265715010069", "2889095235715010034", "2123204965715010022"], alerts.Select(alert => alert.Id));
        var first = alerts[0];
        Assert.Equal(new DateTimeOffset(2025, 5, 31, 9, 50, 47, TimeSpan.Zero), FakeFink.ToSecond(first.Timestamp!.Value));
        Assert.Equal((284.6506076, 29.0911913, 14.903686, 0.0), (first.Ra!.Value, first.Dec!.Value, first.Mag!.Value, first.Score!.Value));
    }

    [Fact]
    public async Task The_raw_row_is_kept_with_every_digit_and_turns_back_into_the_target()
    {
        using var host = _fink.BuildHost();
        var broker = Create(host);
        var (alerts, _) = await BrokerHost.RunAsync(broker, new FinkParameters { ObjectIds = "ZTF21abfmbix" }, Cancellation);

        var raw = JsonDocument.Parse(alerts[0].RawJson).RootElement;
        Assert.Equal("1642249732315015013", raw.GetProperty("i:candid").GetRawText());
        Assert.Equal("SN candidate", raw.GetProperty("v:classification").GetString());
        Assert.Equal(JsonNode.Parse(Fixtures.Text(FakeFink.ObjectsFixture))!.AsArray()
            .Single(row => row!["i:candid"]!.ToJsonString() == "1642249732315015013")!.AsObject().Count, raw.EnumerateObject().Count());

        var draft = broker.ToTarget(alerts[0]);
        Assert.Equal(("ZTF21abfmbix", TargetType.Sidereal, 193.8217409, 2.8973184), (draft.Name, draft.Type, draft.Ra!.Value, draft.Dec!.Value));
        Assert.Equal(("Fink", "1642249732315015013"), (draft.SourceBroker, draft.SourceAlertId));
    }

    [Fact]
    public async Task A_cone_in_degrees_posts_numbers_to_ztf_conesearch()
    {
        var (alerts, feedback) = await RunAsync(new FinkParameters { Ra = "193.8217409", Dec = "2.8973184", RadiusArcsec = 5 });

        Assert.Empty(feedback);
        var call = Assert.Single(_fink.Calls);
        Assert.Equal("/ztf/api/v1/conesearch", call.Path);
        Assert.Equal("""{"ra":193.8217409,"dec":2.8973184,"radius":5,"output-format":"json"}""", call.Body);
        var alert = Assert.Single(alerts);
        Assert.Equal(("ZTF21abfmbix", "1642249732315015013"), (alert.Name, alert.Id));
    }

    [Fact]
    public async Task A_sexagesimal_cone_is_sent_in_degrees()
    {
        var (alerts, _) = await RunAsync(new FinkParameters { Ra = "12:55:17.218", Dec = "+02:53:50.35", RadiusArcsec = 1.5 });

        var body = JsonNode.Parse(Assert.Single(_fink.Calls).Body)!.AsObject();
        Assert.Equal(["ra", "dec", "radius", "output-format"], body.Select(pair => pair.Key));
        // 12:55:17.218 is 193.8217417°, within 0.003″ of the alert's 193.8217409°.
        Assert.Equal(193.8217417, body["ra"]!.GetValue<double>(), 7);
        Assert.Equal(2.8973194, body["dec"]!.GetValue<double>(), 7);
        Assert.Equal(1.5, body["radius"]!.GetValue<double>());
        Assert.Equal("ZTF21abfmbix", Assert.Single(alerts).Name);
    }

    [Fact]
    public async Task A_class_search_by_count_posts_class_and_n_to_latests()
    {
        var (alerts, _) = await RunAsync(new FinkParameters { Class = "SN candidate", ClassAlertCount = 10 });

        var call = Assert.Single(_fink.Calls);
        Assert.Equal("/ztf/api/v1/latests", call.Path);
        Assert.Equal("""{"class":"SN candidate","n":10,"output-format":"json"}""", call.Body);
        Assert.Equal(["1642250205315015007", "1642249732315015013", "1640195712315015009", "1638256862315015020", "1638187852315015018"],
            alerts.Select(alert => alert.Id));
        Assert.Equal(["ZTF21aaxtctv", "ZTF21abfmbix", "ZTF21abfmbix", "ZTF21abfmbix", "ZTF21abfmbix"], alerts.Select(alert => alert.Name));
    }

    [Fact]
    public async Task A_class_search_by_days_becomes_a_start_and_stop_date_with_n_1000()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 22, 15, 0, TimeSpan.Zero));

        await RunAsync(new FinkParameters { Class = "Early SN Ia candidate", ClassDaysInPast = 15 }, time);

        Assert.Equal(
            """{"class":"Early SN Ia candidate","n":1000,"startdate":"2026-11-13 22:15:00","stopdate":"2026-11-28 22:15:00","output-format":"json"}""",
            Assert.Single(_fink.CallsTo("/ztf/api/v1/latests")).Body);
    }

    [Fact]
    public async Task A_solar_system_search_posts_the_designation_with_the_tom_toolkit_columns()
    {
        var (alerts, _) = await RunAsync(new FinkParameters { SolarSystemObject = " 8467 " });

        var call = Assert.Single(_fink.Calls);
        Assert.Equal("/ztf/api/v1/sso", call.Path);
        Assert.Equal(
            """{"n_or_d":"8467","columns":"i:ssnamenr,i:candid,i:ra,i:dec,i:jd,i:magpsf,i:objectId,d:roid","output-format":"json"}""",
            call.Body);
        Assert.Equal(5, alerts.Count);
        var first = alerts[0];
        Assert.Equal(("3331193684815015027", "ZTF26aagitnh", 18.182217, 0.0), (first.Id, first.Name, first.Mag!.Value, first.Score!.Value));
    }

    [Fact]
    public async Task An_asteroid_becomes_a_non_sidereal_target_named_by_fink_with_its_number_as_alias()
    {
        using var host = _fink.BuildHost();
        var broker = Create(host);
        var (alerts, _) = await BrokerHost.RunAsync(broker, new FinkParameters { SolarSystemObject = "8467" }, Cancellation);

        var draft = broker.ToTarget(alerts[0]);

        Assert.Equal(("Benoitcarry", TargetType.NonSidereal), (draft.Name, draft.Type));
        Assert.Null(draft.Ra);
        Assert.Equal(["8467"], draft.Aliases);
        Assert.Equal("8467", draft.Extras["ssnamenr"]);
        Assert.Equal("ZTF26aagitnh", draft.Extras["ztf_object_id"]);
    }

    [Fact]
    public async Task An_lsst_object_search_posts_the_dia_object_id_to_lsst_sources_and_keeps_every_digit()
    {
        _fink.LsstRows =
        [
            FakeFink.LsstSource("169830579938263176", "169830579938263201", 60924.3322219485, 8.986275, -42.709834, 3631.0, 100.0, "g"),
            FakeFink.LsstSource("169830579938263176", "169830579938263245", 60925.25, 8.9862801, -42.7098302, -150.0, 90.0, "r"),
            FakeFink.LsstSource("169342390932865250", "169342390932865299", 60925.5, 10.0, -40.0, 500.0, 50.0, "i"),
        ];

        var (alerts, feedback) = await RunAsync(new FinkParameters { Survey = Survey.Lsst, ObjectIds = "169830579938263176" });

        Assert.Empty(feedback);
        var call = Assert.Single(_fink.Calls);
        Assert.Equal(("POST", "/lsst/api/v1/sources"), (call.Method, call.Path));
        Assert.Equal(
            """{"diaObjectId":"169830579938263176","columns":"r:diaObjectId,r:diaSourceId,r:midpointMjdTai,r:ra,r:dec,r:psfFlux,r:psfFluxErr,r:band","output-format":"json"}""",
            call.Body);
        Assert.Equal(2, alerts.Count);
        var bright = alerts[0];
        Assert.Equal(("169830579938263201", "169830579938263176", "https://lsst.fink-portal.org/169830579938263176"), (bright.Id, bright.Name, bright.Url));
        // midpointMjdTai is TAI: UTC is 37 s earlier.
        Assert.Equal(new DateTimeOffset(2025, 9, 6, 7, 57, 47, TimeSpan.Zero), FakeFink.ToSecond(bright.Timestamp!.Value));
        Assert.Equal((8.986275, -42.709834), (bright.Ra!.Value, bright.Dec!.Value));
        Assert.Equal(22.49993, bright.Mag!.Value, 5);
        Assert.Null(bright.Score);
        var negative = alerts[1];
        Assert.Equal("169830579938263245", negative.Id);
        Assert.Null(negative.Mag);
        Assert.Equal(new DateTimeOffset(2025, 9, 7, 5, 59, 23, TimeSpan.Zero), FakeFink.ToSecond(negative.Timestamp!.Value));
    }

    [Fact]
    public async Task An_lsst_object_becomes_a_sidereal_target_named_by_its_dia_object_id()
    {
        _fink.LsstRows = [FakeFink.LsstSource("169830579938263176", "169830579938263201", 60924.3322219485, 8.986275, -42.709834, 3631.0, 100.0, "g")];
        using var host = _fink.BuildHost();
        var broker = Create(host);
        var (alerts, _) = await BrokerHost.RunAsync(broker, new FinkParameters { Survey = Survey.Lsst, ObjectIds = "169830579938263176" }, Cancellation);

        var draft = broker.ToTarget(Assert.Single(alerts));

        Assert.Equal(("169830579938263176", TargetType.Sidereal, 8.986275, -42.709834), (draft.Name, draft.Type, draft.Ra!.Value, draft.Dec!.Value));
        Assert.Equal(("Fink", "169830579938263201"), (draft.SourceBroker, draft.SourceAlertId));
        Assert.Equal(["galactic_lat", "galactic_lng"], draft.Extras.Keys.Order());
        Assert.Empty(draft.Aliases);
    }

    [Fact]
    public async Task An_lsst_cone_posts_degrees_and_the_r_columns_to_lsst_conesearch()
    {
        _fink.LsstRows =
        [
            FakeFink.LsstSource("169830579938263176", "169830579938263201", 60924.3322219485, 8.986275, -42.709834, 3631.0, 100.0, "g"),
            FakeFink.LsstSource("169342390932865250", "169342390932865299", 60925.5, 10.0, -40.0, 500.0, 50.0, "i"),
        ];

        var (alerts, _) = await RunAsync(new FinkParameters { Survey = Survey.Lsst, Ra = "00:35:56.706", Dec = "-42:42:35.40", RadiusArcsec = 5 });

        var call = Assert.Single(_fink.Calls);
        Assert.Equal("/lsst/api/v1/conesearch", call.Path);
        var body = JsonNode.Parse(call.Body)!.AsObject();
        Assert.Equal(["ra", "dec", "radius", "columns", "output-format"], body.Select(pair => pair.Key));
        Assert.Equal(8.986275, body["ra"]!.GetValue<double>(), 6);
        Assert.Equal(-42.709833, body["dec"]!.GetValue<double>(), 6);
        Assert.Equal(FinkRequest.LsstColumns, body["columns"]!.GetValue<string>());
        Assert.Equal("169830579938263176", Assert.Single(alerts).Name);
    }

    [Fact]
    public async Task An_empty_answer_says_why_fink_may_have_nothing_yet()
    {
        var (alerts, feedback) = await RunAsync(new FinkParameters { ObjectIds = "ZTF25aaaaaaa" });

        Assert.Empty(alerts);
        var note = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Info, note.Severity);
        Assert.Equal("Fink has no ZTF alerts for ZTF25aaaaaaa. Its database is filled after each night, so the newest alerts are not there yet.", note.Message);
    }

    [Fact]
    public async Task An_incomplete_query_is_refused_before_any_request()
    {
        var (alerts, feedback) = await RunAsync(new FinkParameters { Ra = "10", RadiusArcsec = 5 });

        Assert.Empty(alerts);
        Assert.Empty(_fink.Calls);
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.Equal("The Fink query is not complete: A cone search needs RA, Dec and radius together.", error.Message);
    }

    [Fact]
    public async Task Ztf_photometry_posts_withupperlim_and_gives_detections_and_limits_by_band_without_bad_quality_points()
    {
        _fink.UpperLimitRows["ZTF21abfmbix"] =
        [
            FakeFink.UpperLimit("ZTF21abfmbix", 2459390.70, 1, 19.91),
            FakeFink.UpperLimit("ZTF21abfmbix", 2459390.75, 2, 20.02),
            FakeFink.BadQuality("ZTF21abfmbix", 2459391.70, 1, 17.5),
        ];
        using var host = _fink.BuildHost();
        var broker = Create(host);

        var points = await broker.FetchPhotometryAsync(new TargetReference("ZTF21abfmbix", [], 193.82, 2.897, null), Cancellation).ToListAsync(Cancellation);

        var call = Assert.Single(_fink.Calls);
        Assert.Equal("/ztf/api/v1/objects", call.Path);
        Assert.Equal(
            """{"objectId":"ZTF21abfmbix","withupperlim":true,"columns":"i:objectId,i:candid,i:jd,i:fid,i:magpsf,i:sigmapsf,i:diffmaglim","output-format":"json"}""",
            call.Body);
        var detections = points.Where(point => point.Magnitude is not null).ToList();
        var limits = points.Where(point => point.Limit is not null).ToList();
        Assert.Equal((5, 2, 7), (detections.Count, limits.Count, points.Count));
        Assert.Equal((3, 2), (detections.Count(point => point.Band == "ztfg"), detections.Count(point => point.Band == "ztfr")));
        Assert.Equal(["ztfg", "ztfr"], limits.Select(point => point.Band));
        Assert.All(points, point => Assert.Equal("Fink", point.Source));
        Assert.All(limits, point => Assert.Null(point.Magnitude));
        var latest = detections[0];
        Assert.Equal((16.234324, 0.028584031), (latest.Magnitude!.Value, latest.MagnitudeError!.Value));
        Assert.Equal(new DateTimeOffset(2021, 7, 1, 5, 59, 37, TimeSpan.Zero), FakeFink.ToSecond(latest.Timestamp));
        Assert.Equal(19.91, limits[0].Limit);
        Assert.DoesNotContain(points, point => point.Magnitude == 17.5);
    }

    [Fact]
    public async Task Lsst_photometry_reads_sources_positive_fluxes_as_ab_magnitudes_and_negative_ones_as_limits()
    {
        _fink.LsstRows =
        [
            FakeFink.LsstSource("169830579938263176", "169830579938263201", 60924.3322219485, 8.986275, -42.709834, 3631.0, 100.0, "g"),
            FakeFink.LsstSource("169830579938263176", "169830579938263245", 60925.25, 8.9862801, -42.7098302, -150.0, 90.0, "r"),
        ];
        using var host = _fink.BuildHost();

        var points = await Create(host).FetchPhotometryAsync(new TargetReference("169830579938263176", [], 8.98, -42.7, null), Cancellation).ToListAsync(Cancellation);

        Assert.Equal("/lsst/api/v1/sources", Assert.Single(_fink.Calls).Path);
        Assert.Equal(2, points.Count);
        var point = points[0];
        Assert.Equal(("lsstg", "Fink"), (point.Band, point.Source));
        Assert.Equal(22.49993, point.Magnitude!.Value, 5);
        Assert.Equal(0.02990, point.MagnitudeError!.Value, 5);
        Assert.Equal(AstroTime.FromMjdTai(60924.3322219485), point.Timestamp);
        // -150 ± 90 nJy: a real measurement without a magnitude, kept as the 5σ limit 31.4 − 2.5·log10(450).
        Assert.Equal(("lsstr", (double?)null), (points[1].Band, points[1].Magnitude));
        Assert.Equal(24.7670, points[1].Limit!.Value, 4);
    }

    [Theory]
    [InlineData("Benoitcarry")]
    [InlineData("8467")]
    public async Task A_target_fink_cannot_name_gets_no_photometry_and_no_request(string name)
    {
        using var host = _fink.BuildHost();

        var points = await Create(host).FetchPhotometryAsync(new TargetReference(name, [], null, null, null), Cancellation).ToListAsync(Cancellation);

        Assert.Empty(points);
        Assert.Empty(_fink.Calls);
    }

    [Fact]
    public async Task Photometry_uses_a_ztf_alias_when_the_name_is_not_one()
    {
        using var host = _fink.BuildHost();

        var points = await Create(host).FetchPhotometryAsync(new TargetReference("SN 2021xyz", ["ZTF21abfmbix"], null, null, null), Cancellation).ToListAsync(Cancellation);

        Assert.Equal(5, points.Count);
        Assert.Contains("\"objectId\":\"ZTF21abfmbix\"", Assert.Single(_fink.Calls).Body, StringComparison.Ordinal);
    }
}
