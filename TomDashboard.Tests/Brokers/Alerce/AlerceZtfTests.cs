using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Alerce;
using TomDashboard.Brokers.Tutorial;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;
using static TomDashboard.Tests.Brokers.Alerce.AlerceFixtures;

namespace TomDashboard.Tests.Brokers.Alerce;

/// <summary>ALeRCE's ZTF API over a real local HTTP server: the requests sent, the alerts, targets and photometry that come out.</summary>
public sealed class AlerceZtfTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sends_every_filter_to_objects_with_its_trailing_slash_ranges_as_repeated_keys_and_count_false()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(ZtfPage(1, hasNext: false, ZtfListItem())));
        var broker = Build(server, out var host);
        using var _ = host;
        var parameters = new AlerceParameters
        {
            ObjectIds = "ZTF18abcgqmz, ZTF21aaxtctv",
            MinDetections = 2,
            MaxDetections = 40,
            Classifier = "lc_classifier",
            Class = "SNIa",
            MinProbability = 0.5,
            Ranking = 1,
            Ra = 279.9047,
            Dec = -4.8709,
            RadiusArcsec = 30,
            FirstMjdAfter = 58000,
            FirstMjdBefore = 58300.5,
            LastMjdAfter = 58340,
            LastMjdBefore = 60000.25,
            OrderBy = AlerceOrderBy.Lastmjd,
            OrderMode = AlerceOrderMode.Desc,
            PageSize = 50,
        };

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, parameters, Cancellation);

        Assert.Empty(feedback);
        Assert.Single(alerts);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(
            "/ztf/v1/objects/?oid=ZTF18abcgqmz&oid=ZTF21aaxtctv&classifier=lc_classifier&class=SNIa&probability=0.5&ranking=1"
            + "&ndet=2&ndet=40&firstmjd=58000&firstmjd=58300.5&lastmjd=58340&lastmjd=60000.25"
            + "&ra=279.9047&dec=-4.8709&radius=30&order_by=lastmjd&order_mode=DESC&page=1&page_size=50&count=false",
            request.PathAndQuery);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Sends_nothing_for_unset_filters_nor_for_order_none()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(ZtfPage(1, hasNext: false)));
        var broker = Build(server, out var host);
        using var _ = host;

        await BrokerHost.RunAsync(broker, new AlerceParameters(), Cancellation);

        Assert.Equal("/ztf/v1/objects/?page=1&page_size=20&count=false", Assert.Single(server.Requests).PathAndQuery);
    }

    [Theory]
    [InlineData(5, null, "ndet=5")]
    [InlineData(null, 9, "ndet=0&ndet=9")]
    public async Task A_range_with_one_bound_sends_the_lower_bound_first(int? lower, int? upper, string expected)
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(ZtfPage(1, hasNext: false)));
        var broker = Build(server, out var host);
        using var _ = host;

        await BrokerHost.RunAsync(broker, new AlerceParameters { MinDetections = lower, MaxDetections = upper }, Cancellation);

        Assert.Equal($"/ztf/v1/objects/?{expected}&page=1&page_size=20&count=false", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_cone_at_ra_or_dec_zero_is_still_sent_as_a_cone()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(ZtfPage(1, hasNext: false)));
        var broker = Build(server, out var host);
        using var _ = host;

        await BrokerHost.RunAsync(broker, new AlerceParameters { Ra = 0, Dec = 0, RadiusArcsec = 10 }, Cancellation);

        Assert.StartsWith("/ztf/v1/objects/?ra=1E-09&dec=1E-09&radius=10&", Assert.Single(server.Requests).PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_pages_while_has_next_is_true_up_to_the_page_limit()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            var page = int.Parse(context.Request.Query["page"]!, System.Globalization.CultureInfo.InvariantCulture);
            return context.WriteJsonAsync(ZtfPage(page, hasNext: true, ZtfListItem($"ZTF18page{page}a"), ZtfListItem($"ZTF18page{page}b")));
        });
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new AlerceParameters { MaxPages = 3, PageSize = 2 }, Cancellation);

        Assert.Empty(feedback);
        Assert.Equal(["ZTF18page1a", "ZTF18page1b", "ZTF18page2a", "ZTF18page2b", "ZTF18page3a", "ZTF18page3b"], alerts.Select(alert => alert.Name));
        Assert.Equal(
            ["page=1&page_size=2", "page=2&page_size=2", "page=3&page_size=2"],
            server.Requests.Select(request => request.PathAndQuery.Split('?')[1].Replace("&count=false", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stops_when_a_page_says_there_is_no_next_page_or_has_no_items(bool emptyWithNext)
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(
            emptyWithNext ? ZtfPage(1, hasNext: true) : ZtfPage(1, hasNext: false, ZtfListItem())));
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, _) = await BrokerHost.RunAsync(broker, new AlerceParameters { MaxPages = 20 }, Cancellation);

        Assert.Single(server.Requests);
        Assert.Equal(emptyWithNext ? 0 : 1, alerts.Count);
    }

    [Fact]
    public async Task Maps_a_list_item_to_an_alert_row_and_keeps_the_brokers_own_json()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(ZtfPage(1, hasNext: false, ZtfListItem())));
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, _) = await BrokerHost.RunAsync(broker, new AlerceParameters(), Cancellation);

        var alert = Assert.Single(alerts);
        Assert.Equal(("ZTF18abcgqmz", "ZTF18abcgqmz", "ALeRCE"), (alert.Id, alert.Name, alert.Source));
        Assert.Equal(AstroTime.FromMjd(58347.19135419978), alert.Timestamp);
        Assert.Equal("2018-08-17 04:35:33", AstroTime.FormatUtc(alert.Timestamp!.Value));
        Assert.Equal((279.90476624999997, -4.8708879), (alert.Ra!.Value, alert.Dec!.Value));
        Assert.Equal(0.72, alert.Score);
        Assert.Null(alert.Mag);
        Assert.Equal("https://alerce.online/object/ZTF18abcgqmz", alert.Url);
        var raw = JsonNode.Parse(alert.RawJson)!.AsObject();
        Assert.Equal("2", raw["ndethist"]!.GetValue<string>());
        Assert.Equal("corr_bulk_0.0.1", raw["step_id_corr"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_item_without_an_oid_is_reported_and_skipped()
    {
        var noOid = ZtfListItem();
        noOid.Remove("oid");
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(ZtfPage(1, hasNext: false, noOid, ZtfListItem("ZTF19good"))));
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new AlerceParameters(), Cancellation);

        Assert.Equal("ZTF19good", Assert.Single(alerts).Name);
        var warning = Assert.Single(feedback);
        Assert.Equal((FeedbackSeverity.Warning, "ALeRCE sent an object without an oid; it was skipped."), (warning.Severity, warning.Message));
    }

    [Fact]
    public async Task A_target_is_sidereal_at_the_mean_position_with_class_detections_times_and_galactic_coordinates()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(ZtfPage(1, hasNext: false, ZtfListItem())));
        var broker = Build(server, out var host);
        using var _ = host;
        var (alerts, _) = await BrokerHost.RunAsync(broker, new AlerceParameters(), Cancellation);

        var draft = broker.ToTarget(Assert.Single(alerts));

        Assert.Equal(("ZTF18abcgqmz", TargetType.Sidereal, 279.90476624999997, -4.8708879, "ALeRCE", "ZTF18abcgqmz"),
            (draft.Name, draft.Type, draft.Ra!.Value, draft.Dec!.Value, draft.SourceBroker, draft.SourceAlertId));
        Assert.Empty(draft.Aliases);
        Assert.Equal(new Dictionary<string, string>
        {
            ["survey"] = "ZTF",
            ["class"] = "SNIa",
            ["classifier"] = "lc_classifier",
            ["probability"] = "0.72",
            ["ndet"] = "2",
            ["firstmjd"] = "58288.37787039997",
            ["firstmjd_utc"] = "2018-06-19 09:04:08",
            ["lastmjd"] = "58347.19135419978",
            ["lastmjd_utc"] = "2018-08-17 04:35:33",
            ["galactic_lng"] = "27.250824",
            ["galactic_lat"] = "0.400634",
        }, draft.Extras);
    }

    [Fact]
    public async Task Photometry_comes_from_the_light_curve_detections_as_magnitudes_and_non_detections_as_limits()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(Fixtures.Text(ZtfLightCurveFile)));
        var broker = Build(server, out var host);
        using var _ = host;

        var points = await broker.FetchPhotometryAsync(new TargetReference("ZTF22aafoqrd", [], 181.9, 4.09, "ZTF22aafoqrd"), Cancellation).ToListAsync(Cancellation);

        Assert.Equal("/ztf/v1/objects/ZTF22aafoqrd/lightcurve", Assert.Single(server.Requests).PathAndQuery);
        Assert.Equal(2, points.Count);
        var detection = points[0];
        Assert.Equal((AstroTime.FromMjd(59690.27546299994), "ztfg", 20.146738, 0.18631585, (double?)null, "ALeRCE"),
            (detection.Timestamp, detection.Band, detection.Magnitude!.Value, detection.MagnitudeError!.Value, detection.Limit, detection.Source));
        var limit = points[1];
        Assert.Equal((AstroTime.FromMjd(59699.25937499991), "ztfr", (double?)null, 20.2106, "ALeRCE"),
            (limit.Timestamp, limit.Band, limit.Magnitude, limit.Limit!.Value, limit.Source));
    }

    [Fact]
    public async Task Negative_subtractions_are_kept_and_say_so_and_other_surveys_rows_are_left_out()
    {
        // The recorded detections of ZTF18abcgqmz (both isdiffpos = -1) as a light curve, plus an ATLAS row.
        var detections = JsonNode.Parse(Fixtures.Text(ZtfDetectionsFile))!.AsArray();
        var atlas = detections[0]!.DeepClone().AsObject();
        atlas["tid"] = "atlas";
        atlas["mjd"] = 58300.5;
        detections.Add(atlas);
        var lightCurve = new JsonObject { ["detections"] = detections, ["non_detections"] = new JsonArray() }.ToJsonString();
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(lightCurve));
        var broker = Build(server, out var host);
        using var _ = host;

        var points = await broker.FetchPhotometryAsync(new TargetReference("ZTF18abcgqmz", [], null, null, null), Cancellation).ToListAsync(Cancellation);

        Assert.Equal([18.770634, 18.30812], points.Select(point => point.Magnitude!.Value));
        Assert.All(points, point => Assert.Equal(AlerceBroker.PhotometrySource, point.Source));
        Assert.All(points, point => Assert.Equal("ztfg", point.Band));
    }

    [Theory]
    [MemberData(nameof(BrokerFaults.All), MemberType = typeof(BrokerFaults))]
    public async Task Each_fault_on_page_two_gives_readable_feedback_and_keeps_page_one(BrokerFault fault)
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.Request.Query["page"] == "1"
            ? context.WriteJsonAsync(ZtfPage(1, hasNext: true, ZtfListItem()))
            : BrokerFaults.RespondAsync(context, fault));
        var broker = Build(server, out var host, settings: new() { ["Brokers:ALeRCE:TimeoutSeconds"] = "1" });
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new AlerceParameters { MaxPages = 5 }, Cancellation);

        Assert.Equal("ZTF18abcgqmz", Assert.Single(alerts).Name);
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.StartsWith(BrokerFaults.ExpectedFeedback("ALeRCE", fault), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);

        // The other brokers of the same host are not affected.
        var myBroker = host.Services.GetRequiredService<BrokerCatalog>().Create("MyBroker");
        var (tutorial, tutorialFeedback) = await BrokerHost.RunAsync(myBroker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);
        Assert.Equal("Tatooine", Assert.Single(tutorial).Name);
        Assert.Empty(tutorialFeedback);
    }

    [Fact]
    public async Task A_page_that_is_not_the_documented_envelope_says_what_is_wrong()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(Fixtures.Text(ZtfObjectFile)));
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new AlerceParameters(), Cancellation);

        Assert.Empty(alerts);
        Assert.Equal("ALeRCE sent a response this dashboard cannot read: its page of objects has no list of items.", Assert.Single(feedback).Message);
    }
}
