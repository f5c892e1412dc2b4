using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Alerce;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;
using static TomDashboard.Tests.Brokers.Alerce.AlerceFixtures;

namespace TomDashboard.Tests.Brokers.Alerce;

/// <summary>ALeRCE's multisurvey API for LSST: objects by id or cone, 64-bit ids kept whole, photometry from nJy.</summary>
public sealed class AlerceLsstTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_object_id_asks_for_that_object_and_keeps_every_digit_of_its_oid()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(Fixtures.Text(LsstObjectFile)));
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new AlerceParameters { Survey = Survey.Lsst, ObjectIds = LsstOid }, Cancellation);

        Assert.Empty(feedback);
        Assert.Equal($"/object_api/object?survey_id=lsst&oid={LsstOid}", Assert.Single(server.Requests).PathAndQuery);
        var alert = Assert.Single(alerts);
        Assert.Equal((LsstOid, LsstOid, "ALeRCE"), (alert.Id, alert.Name, alert.Source));
        Assert.Equal(AstroTime.FromMjdTai(61217.42049113812), alert.Timestamp);
        Assert.Equal((9.310540510229224, -42.3746911041113), (alert.Ra!.Value, alert.Dec!.Value));
        Assert.Null(alert.Score);
        Assert.Equal($"https://alerce.online/object/{LsstOid}", alert.Url);
        Assert.Contains($"\"oid\": {LsstOid},", alert.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_from_an_lsst_object_keeps_its_id_and_reads_its_times_as_tai()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(Fixtures.Text(LsstObjectFile)));
        var broker = Build(server, out var host);
        using var _ = host;
        var (alerts, _) = await BrokerHost.RunAsync(broker, new AlerceParameters { Survey = Survey.Lsst, ObjectIds = LsstOid }, Cancellation);

        var draft = broker.ToTarget(Assert.Single(alerts));

        Assert.Equal((LsstOid, LsstOid, 9.310540510229224), (draft.Name, draft.SourceAlertId, draft.Ra!.Value));
        Assert.Equal("LSST", draft.Extras["survey"]);
        Assert.Equal("3", draft.Extras["ndet"]);
        Assert.Equal("61217.41670499195", draft.Extras["firstmjd"]);
        Assert.Equal("2026-06-26 09:59:26", draft.Extras["firstmjd_utc"]);
        Assert.False(draft.Extras.ContainsKey("class"));
        Assert.False(draft.Extras.ContainsKey("probability"));
        Assert.True(draft.Extras.ContainsKey("galactic_lat"));
    }

    [Fact]
    public async Task An_id_alerce_does_not_know_is_reported_and_the_next_one_is_still_asked()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            if (context.Request.Query["oid"] == "42")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return context.Response.WriteAsync("{\"detail\": \"Object not found\"}", Cancellation);
            }

            return context.WriteJsonAsync(Fixtures.Text(LsstObjectFile));
        });
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new AlerceParameters { Survey = Survey.Lsst, ObjectIds = $"42 {LsstOid}" }, Cancellation);

        Assert.Equal(LsstOid, Assert.Single(alerts).Id);
        var warning = Assert.Single(feedback);
        Assert.Equal((FeedbackSeverity.Warning, "ALeRCE has no LSST object 42."), (warning.Severity, warning.Message));
        Assert.Equal(2, server.Requests.Count);
    }

    public static TheoryData<string> ListShapes()
    {
        var item = Fixtures.Text(LsstObjectFile);
        return new TheoryData<string>($"[{item}]", $"{{\"items\": [{item}]}}", item);
    }

    [Theory]
    [MemberData(nameof(ListShapes))]
    public async Task A_cone_search_takes_a_bare_list_an_items_envelope_or_one_object(string body)
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(body));
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(
            broker, new AlerceParameters { Survey = Survey.Lsst, Ra = 9.3105, Dec = -42.3747, RadiusArcsec = 5, MaxPages = 3 }, Cancellation);

        Assert.Empty(feedback);
        Assert.Equal(LsstOid, Assert.Single(alerts).Id);
        Assert.Equal("/object_api/list_objects?survey=lsst&ra=9.3105&dec=-42.3747&radius=5&page=1&page_size=20", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_full_bare_page_asks_for_the_next_one_and_a_short_page_ends_the_list()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            var page = context.Request.Query["page"].ToString();
            var count = page == "1" ? 2 : 1;
            var items = Enumerable.Range(0, count).Select(index =>
            {
                var item = JsonNode.Parse(Fixtures.Text(LsstObjectFile))!.AsObject();
                item["oid"] = JsonValue.Create(170587116732416143L + index + (page == "1" ? 0 : 10));
                return item.ToJsonString();
            });
            return context.WriteJsonAsync($"[{string.Join(",", items)}]");
        });
        var broker = Build(server, out var host);
        using var _ = host;

        var (alerts, _) = await BrokerHost.RunAsync(
            broker, new AlerceParameters { Survey = Survey.Lsst, Ra = 9.31, Dec = -42.37, RadiusArcsec = 60, PageSize = 2, MaxPages = 5 }, Cancellation);

        Assert.Equal(["170587116732416143", "170587116732416144", "170587116732416153"], alerts.Select(alert => alert.Id));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Photometry_keeps_negative_difference_fluxes_as_five_sigma_limits_in_the_rubin_bands()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(Fixtures.Text(LsstDetectionsFile)));
        var broker = Build(server, out var host);
        using var _ = host;

        var points = await broker.FetchPhotometryAsync(new TargetReference(LsstOid, [], null, null, LsstOid), Cancellation).ToListAsync(Cancellation);

        Assert.Equal($"/lightcurve_api/detections?survey_id=lsst&oid={LsstOid}", Assert.Single(server.Requests).PathAndQuery);
        // All three recorded detections are negative (psfFlux -2615, -2804, -3020 nJy): no magnitude, a 5σ limit each.
        Assert.Equal(["lssti", "lsstg", "lsstg"], points.Select(point => point.Band));
        Assert.All(points, point => Assert.Null(point.Magnitude));
        Assert.All(points, point => Assert.Equal(AlerceBroker.PhotometrySource, point.Source));
        Assert.Equal(31.4 - 2.5 * Math.Log10(5 * 216.23157), points[0].Limit!.Value, 9);
        Assert.Equal(AstroTime.FromMjdTai(61217.41670499195), points[0].Timestamp);
    }

    [Fact]
    public async Task Photometry_turns_a_positive_flux_into_an_ab_magnitude()
    {
        var detections = JsonNode.Parse(Fixtures.Text(LsstDetectionsFile))!.AsArray();
        detections[1]!["psfFlux"] = 3631.0;
        detections[1]!["psfFluxErr"] = 36.31;
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(detections.ToJsonString()));
        var broker = Build(server, out var host);
        using var _ = host;

        var points = await broker.FetchPhotometryAsync(new TargetReference(LsstOid, [], null, null, LsstOid), Cancellation).ToListAsync(Cancellation);

        var positive = points[1];
        Assert.Equal("lsstg", positive.Band);
        Assert.Equal(31.4 - 2.5 * Math.Log10(3631), positive.Magnitude!.Value, 9);
        Assert.Equal(2.5 / Math.Log(10) * 0.01, positive.MagnitudeError!.Value, 9);
        Assert.Null(positive.Limit);
        Assert.Equal(AlerceBroker.PhotometrySource, positive.Source);
    }

    [Theory]
    [MemberData(nameof(BrokerFaults.All), MemberType = typeof(BrokerFaults))]
    public async Task Each_fault_on_an_object_gives_readable_feedback(BrokerFault fault)
    {
        await using var server = await LocalHttpServer.StartAsync(context => BrokerFaults.RespondAsync(context, fault));
        var broker = Build(server, out var host, settings: new() { ["Brokers:ALeRCE:TimeoutSeconds"] = "1" });
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new AlerceParameters { Survey = Survey.Lsst, ObjectIds = LsstOid }, Cancellation);

        Assert.Empty(alerts);
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.StartsWith(BrokerFaults.ExpectedFeedback("ALeRCE", fault), error.Message, StringComparison.Ordinal);
    }
}
