using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Lasair;
using TomDashboard.Brokers.Tutorial;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Lasair;

public sealed class LasairBrokerTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    private static readonly string[] FirstThreeInCone = ["ZTF19aaypuas", "ZTF19abiuxxz", "ZTF18abcjedv"];

    private static string ObjectPath(string id, string prefix = "/api") => $"{prefix}/object/?objectId={id}&format=json";

    [Theory]
    [InlineData("280.0", "-5.0")]
    [InlineData("18:40:00", "-05:00:00")]
    [InlineData("18 40 00.000", "-5")]
    public async Task A_cone_search_posts_the_cone_then_gets_each_object_with_the_token_header(string ra, string dec)
    {
        await using var lasair = await LasairFake.StartAsync();
        using var host = lasair.BuildHost();
        var parameters = new LasairParameters { ConeRa = ra, ConeDec = dec, ConeRadius = 600, Limit = 3 };

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), parameters, Cancellation);

        var requests = lasair.Server.Requests.ToList();
        Assert.Equal(
            [("POST", "/api/cone/"), .. FirstThreeInCone.Select(id => ("GET", ObjectPath(id)))],
            requests.Select(request => (request.Method, request.PathAndQuery)));
        Assert.Equal(["ra=280&dec=-5&radius=600&requestType=all", "", "", ""], lasair.Bodies);
        Assert.Equal("application/x-www-form-urlencoded", requests[0].Headers["Content-Type"]);
        Assert.All(requests, request =>
        {
            Assert.Equal($"Token {LasairFake.ZtfToken}", request.Headers["Authorization"]);
            Assert.Equal("application/json", request.Headers["Accept"]);
            Assert.DoesNotContain(LasairFake.ZtfToken, request.PathAndQuery, StringComparison.Ordinal);
        });

        Assert.Equal(FirstThreeInCone, alerts.Select(alert => alert.Name));
        var info = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Info, info.Severity);
        Assert.Equal("Lasair-ZTF found 734 objects; the first 3 (the result limit) are fetched, one request each.", info.Message);
    }

    [Fact]
    public async Task A_ztf_object_becomes_a_row_with_the_newest_detection_and_the_lasair_page()
    {
        await using var lasair = await LasairFake.StartAsync();
        using var host = lasair.BuildHost();

        var (alerts, _) = await BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { ConeRa = "280", ConeDec = "-5", Limit = 1 }, Cancellation);

        var alert = Assert.Single(alerts);
        Assert.Equal(("ZTF19aaypuas", "ZTF19aaypuas", "Lasair"), (alert.Id, alert.Name, alert.Source));
        // The newest detection is the second candidate (MJD 58854.5); the non-detection at 58856.0 has no candid.
        Assert.Equal(new DateTimeOffset(2020, 1, 6, 12, 0, 0, TimeSpan.Zero), alert.Timestamp);
        Assert.Equal(16.5676, alert.Mag);
        Assert.Equal(52.68339748783069, alert.Ra);
        Assert.Equal(30.546314428042333, alert.Dec);
        Assert.Null(alert.Score);
        Assert.Equal("https://lasair-ztf.lsst.ac.uk/objects/ZTF19aaypuas/", alert.Url);
        Assert.Contains("\"separation\":19.694795785512312", alert.RawJson, StringComparison.Ordinal);
        Assert.Contains("\"candid\":1649478961215015007", alert.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trimmed_tom_base_object_is_read_as_it_is()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = "[{\"objectId\": \"ZTF18aaaduje\"}]";
        lasair.ObjectOverride = (context, _) => LasairFake.WriteJsonAsync(context, Fixtures.Text(LasairFake.TrimmedObjectFixture));
        using var host = lasair.BuildHost();

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { SqlQuery = "gmag < 12.0" }, Cancellation);

        Assert.Empty(feedback);
        var alert = Assert.Single(alerts);
        Assert.Equal(("ZTF18aaaduje", 52.68339748783069, 30.546314428042333), (alert.Name, alert.Ra, alert.Dec));
        // Its candidates carry no mjd, so there is no time and no magnitude to show.
        Assert.Null(alert.Timestamp);
        Assert.Null(alert.Mag);
    }

    [Fact]
    public async Task Nearest_asks_for_the_nearest_object_and_reads_a_single_answer()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.ConeAnswer = "{\"object\": \"ZTF19aaypuas\", \"separation\": 19.69}";
        using var host = lasair.BuildHost();
        var parameters = new LasairParameters { ConeRa = "280", ConeDec = "-5", ConeRadius = 30, ConeResults = LasairConeResults.Nearest };

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), parameters, Cancellation);

        Assert.Empty(feedback);
        Assert.Equal("ra=280&dec=-5&radius=30&requestType=nearest", lasair.Bodies.First());
        Assert.Equal(["ZTF19aaypuas"], alerts.Select(alert => alert.Name));
    }

    [Fact]
    public async Task An_sql_query_posts_the_condition_on_the_objects_table_then_gets_each_object()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = "[{\"objectId\": \"ZTF18aaaduje\"}, {\"objectId\": \"ZTF19aaypuas\"}, {\"objectId\": \"ZTF18aaaduje\"}]";
        using var host = lasair.BuildHost();
        var parameters = new LasairParameters { SqlQuery = "  gmag < 12.0 AND ncand > 5 ", Limit = 50 };

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), parameters, Cancellation);

        Assert.Empty(feedback);
        Assert.Equal(
            [("POST", "/api/query/"), ("GET", ObjectPath("ZTF18aaaduje")), ("GET", ObjectPath("ZTF19aaypuas"))],
            lasair.Server.Requests.Select(request => (request.Method, request.PathAndQuery)));
        Assert.Equal("selected=objectId&tables=objects&conditions=gmag+%3C+12.0+AND+ncand+%3E+5&limit=50", lasair.Bodies.First());
        Assert.Equal(["ZTF18aaaduje", "ZTF19aaypuas"], alerts.Select(alert => alert.Name));
    }

    [Fact]
    public async Task An_lsst_query_uses_the_lsst_instance_and_token_and_keeps_every_digit_of_the_id()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = $"[{{\"diaObjectId\": {LasairFake.LsstObjectId}}}]";
        using var host = lasair.BuildHost();
        var parameters = new LasairParameters { Survey = Survey.Lsst, SqlQuery = "nDiaSources > 2", Limit = 10 };

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), parameters, Cancellation);

        Assert.Empty(feedback);
        Assert.Equal(
            [("POST", "/lsst/api/query/"), ("GET", ObjectPath(LasairFake.LsstObjectId, "/lsst/api"))],
            lasair.Server.Requests.Select(request => (request.Method, request.PathAndQuery)));
        Assert.Equal("selected=diaObjectId&tables=objects&conditions=nDiaSources+%3E+2&limit=10", lasair.Bodies.First());
        Assert.All(lasair.Server.Requests, request => Assert.Equal($"Token {LasairFake.LsstToken}", request.Headers["Authorization"]));

        var alert = Assert.Single(alerts);
        Assert.Equal((LasairFake.LsstObjectId, LasairFake.LsstObjectId), (alert.Id, alert.Name));
        Assert.Equal((150.1, -2.5), (alert.Ra, alert.Dec));
        // lastDiaSourceMjdTai 60810.2 is 2025-05-15 04:48:00 TAI, 37 s earlier in UTC.
        Assert.Equal(new DateTimeOffset(2025, 5, 15, 4, 47, 23, TimeSpan.Zero), alert.Timestamp!.Value, TimeSpan.FromMilliseconds(1));
        // The newest DIA source has a negative flux; the newest positive one is 5000 nJy.
        Assert.Equal(22.1526, alert.Mag!.Value, 4);
        Assert.Null(alert.Score);
        Assert.Equal($"https://lasair.lsst.ac.uk/objects/{LasairFake.LsstObjectId}/", alert.Url);
    }

    [Fact]
    public async Task Each_object_is_yielded_before_the_next_is_requested()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = "[{\"objectId\": \"ZTF18aaaduje\"}, {\"objectId\": \"ZTF19aaypuas\"}]";
        using var host = lasair.BuildHost();
        var requestsAtEachAlert = new List<int>();

        // The broker's own iterator: a run writes each alert to its channel as soon as the iterator yields it.
        await foreach (var _ in ((LasairBroker)LasairFake.Create(host)).FetchAlertsAsync(new LasairParameters { SqlQuery = "ncand > 1" }, Cancellation))
        {
            requestsAtEachAlert.Add(lasair.Server.Requests.Count);
        }

        Assert.Equal([2, 3], requestsAtEachAlert);
    }

    [Fact]
    public async Task A_survey_without_a_token_yields_nothing_and_names_the_setting()
    {
        await using var lasair = await LasairFake.StartAsync();
        using var host = lasair.BuildHost(lsstToken: "");

        var (alerts, feedback) = await BrokerHost.RunAsync(
            LasairFake.Create(host), new LasairParameters { Survey = Survey.Lsst, SqlQuery = "nDiaSources > 2" }, Cancellation);

        Assert.Empty(alerts);
        Assert.Empty(lasair.Server.Requests);
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.Equal(
            "Lasair-LSST needs an API token: set Brokers:Lasair:LsstToken (from your profile page on lasair.lsst.ac.uk), preferably as the environment variable Brokers__Lasair__LsstToken.",
            error.Message);
    }

    [Fact]
    public async Task Without_any_token_the_broker_needs_configuration_and_with_one_it_is_available()
    {
        await using var lasair = await LasairFake.StartAsync();
        using var neither = lasair.BuildHost(ztfToken: null, lsstToken: " ");
        using var ztfOnly = lasair.BuildHost(lsstToken: null);

        var entry = neither.Services.GetRequiredService<BrokerCatalog>().Find("Lasair")!;
        Assert.Equal(BrokerStatus.NeedsConfiguration, entry.Status);
        Assert.Equal(
            "Lasair needs configuration: set Brokers:Lasair:ZtfToken or Brokers:Lasair:LsstToken (your API token from your profile page on "
            + "lasair-ztf.lsst.ac.uk or lasair.lsst.ac.uk), preferably as the environment variable Brokers__Lasair__ZtfToken or Brokers__Lasair__LsstToken.",
            entry.StatusText);
        Assert.True(ztfOnly.Services.GetRequiredService<BrokerCatalog>().Find("Lasair")!.IsAvailable);
    }

    [Fact]
    public void A_base_url_that_is_not_a_url_makes_the_broker_unavailable_with_the_reason()
    {
        using var host = BrokerHost.Build(
            new Dictionary<string, string?> { ["Brokers:Lasair:ZtfBaseUrl"] = "lasair-ztf", ["Brokers:Lasair:ZtfToken"] = LasairFake.ZtfToken },
            builder => builder.Services.AddBroker<LasairBroker, LasairOptions>(builder.Configuration));

        var entry = host.Services.GetRequiredService<BrokerCatalog>().Find("Lasair")!;

        Assert.Equal(BrokerStatus.Invalid, entry.Status);
        Assert.Contains("Brokers:Lasair:ZtfBaseUrl must be an absolute http or https URL.", entry.UnavailableReason, StringComparison.Ordinal);
        Assert.DoesNotContain(LasairFake.ZtfToken, entry.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_is_blanked_out_of_an_error_that_repeats_it()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.SearchOverride = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return LasairFake.WriteJsonAsync(context, $"{{\"detail\": \"Invalid token {LasairFake.ZtfToken}.\"}}");
        };
        using var host = lasair.BuildHost();

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { ConeRa = "280", ConeDec = "-5" }, Cancellation);

        Assert.Empty(alerts);
        var error = Assert.Single(feedback);
        Assert.Equal(
            "Lasair refused the request (HTTP 401 Unauthorized): check the token in Brokers:Lasair:ZtfToken (environment variable Brokers__Lasair__ZtfToken). "
            + "It said: {\"detail\": \"Invalid token [token].\"}",
            error.Message);
        Assert.DoesNotContain(LasairFake.ZtfToken, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LasairFake.ZtfToken, error.Exception?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_lsst_request_names_the_lsst_token_setting()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.SearchOverride = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return LasairFake.WriteJsonAsync(context, "{\"detail\": \"You do not have permission to perform this action.\"}");
        };
        using var host = lasair.BuildHost();

        var (_, feedback) = await BrokerHost.RunAsync(
            LasairFake.Create(host), new LasairParameters { Survey = Survey.Lsst, ConeRa = "280", ConeDec = "-5" }, Cancellation);

        Assert.Equal(
            "Lasair refused the request (HTTP 403 Forbidden): check the token in Brokers:Lasair:LsstToken (environment variable Brokers__Lasair__LsstToken). "
            + "It said: {\"detail\": \"You do not have permission to perform this action.\"}",
            Assert.Single(feedback).Message);
    }

    [Theory]
    [InlineData("https://lasair-ztf.lsst.ac.uk/api/cone/", "Brokers:Lasair:ZtfToken")]
    [InlineData("https://api.lasair.lsst.ac.uk/api/object/?objectId=1", "Brokers:Lasair:LsstToken")]
    [InlineData("http://127.0.0.1:5000/api/query/", "Brokers:Lasair:ZtfToken")]
    [InlineData("http://127.0.0.1:5000/lsst/api/query/", "Brokers:Lasair:LsstToken")]
    [InlineData("https://elsewhere.example/api/cone/", null)]
    public void The_credential_setting_is_the_token_of_the_lasair_the_request_goes_to(string uri, string? expected)
    {
        var defaults = new LasairOptions();
        var local = new LasairOptions { ZtfBaseUrl = "http://127.0.0.1:5000/api", LsstBaseUrl = "http://127.0.0.1:5000/lsst/api/" };
        var options = uri.Contains("127.0.0.1", StringComparison.Ordinal) ? local : defaults;

        Assert.Equal(expected, options.CredentialSetting(new Uri(uri)));
    }

    [Fact]
    public async Task An_error_answer_to_the_search_is_reported_and_nothing_more_is_asked()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.ConeAnswer = "{\"error\": \"radius must be at most 1000 arcsec\"}";
        using var host = lasair.BuildHost();

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { ConeRa = "280", ConeDec = "-5" }, Cancellation);

        Assert.Empty(alerts);
        Assert.Single(lasair.Server.Requests);
        var error = Assert.Single(feedback);
        Assert.Equal((FeedbackSeverity.Error, "Lasair answered the cone search with an error: radius must be at most 1000 arcsec"), (error.Severity, error.Message));
    }

    [Fact]
    public async Task An_empty_search_says_so()
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.ConeAnswer = "[]";
        using var host = lasair.BuildHost();

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { ConeRa = "0.5", ConeDec = "89" }, Cancellation);

        Assert.Empty(alerts);
        Assert.Equal("Lasair-ZTF has no objects in that cone.", Assert.Single(feedback).Message);
    }

    public static readonly TheoryData<int, string, string> Throttles = new()
    {
        { StatusCodes.Status200OK, "text/plain", "Request limit exceeded. Either wait an hour, or get a power user account." },
        { StatusCodes.Status403Forbidden, "application/json", "{\"detail\": \"Request limit exceeded. Either wait an hour, or get a power user account.\"}" },
        { StatusCodes.Status200OK, "application/json", "{\"error\": \"Request limit exceeded. Either wait an hour, or get a power user account.\"}" },
        { StatusCodes.Status429TooManyRequests, "text/plain", "Request limit exceeded. Either wait an hour, or get a power user account." },
    };

    [Theory]
    [MemberData(nameof(Throttles))]
    public async Task The_request_limit_message_reads_as_a_rate_limit_whatever_the_status(int status, string contentType, string body)
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = "[{\"objectId\": \"ZTF18aaaduje\"}, {\"objectId\": \"ZTF19aaypuas\"}, {\"objectId\": \"ZTF19abiuxxz\"}]";
        lasair.ObjectOverride = (context, number) =>
        {
            if (number < 2)
            {
                return null;
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body, context.RequestAborted);
        };
        using var host = lasair.BuildHost();

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { SqlQuery = "ncand > 1" }, Cancellation);

        Assert.Equal(["ZTF18aaaduje"], alerts.Select(alert => alert.Name));
        Assert.Equal(3, lasair.Server.Requests.Count);
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.Equal(
            $"Lasair is rate-limiting requests (HTTP {status}). It said: Request limit exceeded. Either wait an hour, or get a power user account. "
            + "The alerts already received are kept; try again in an hour.",
            error.Message);
    }

    [Theory]
    [MemberData(nameof(BrokerFaults.All), MemberType = typeof(BrokerFaults))]
    public async Task Each_fault_on_a_later_object_keeps_the_earlier_alerts_and_my_broker_still_runs(BrokerFault fault)
    {
        await using var lasair = await LasairFake.StartAsync();
        lasair.QueryAnswer = "[{\"objectId\": \"ZTF18aaaduje\"}, {\"objectId\": \"ZTF19aaypuas\"}, {\"objectId\": \"ZTF19abiuxxz\"}]";
        lasair.ObjectOverride = (context, number) => number < 2 ? null : BrokerFaults.RespondAsync(context, fault);
        using var host = lasair.BuildHost(timeoutSeconds: 1);

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { SqlQuery = "ncand > 1" }, Cancellation);

        Assert.Equal(["ZTF18aaaduje"], alerts.Select(alert => alert.Name));
        Assert.Equal(3, lasair.Server.Requests.Count);
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.StartsWith(BrokerFaults.ExpectedFeedback("Lasair", fault), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LasairFake.ZtfToken, error.Message, StringComparison.Ordinal);

        var myBroker = host.Services.GetRequiredService<BrokerCatalog>().Create("MyBroker");
        var (tutorial, tutorialFeedback) = await BrokerHost.RunAsync(myBroker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);
        Assert.Empty(tutorialFeedback);
        Assert.Equal(["Tatooine"], tutorial.Select(alert => alert.Name));
    }

    [Fact]
    public async Task Invalid_parameters_are_reported_without_asking_lasair()
    {
        await using var lasair = await LasairFake.StartAsync();
        using var host = lasair.BuildHost();

        var (alerts, feedback) = await BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { ConeRa = "280" }, Cancellation);

        Assert.Empty(alerts);
        Assert.Empty(lasair.Server.Requests);
        Assert.Equal("The Lasair query cannot run: Either RA/Dec or Freeform SQL Query must be populated.", Assert.Single(feedback).Message);
    }

    [Fact]
    public async Task Stops_when_cancelled()
    {
        await using var lasair = await LasairFake.StartAsync();
        using var host = lasair.BuildHost();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            BrokerHost.RunAsync(LasairFake.Create(host), new LasairParameters { SqlQuery = "ncand > 1" }, cancelled.Token));
    }

    [Fact]
    public void Object_pages_and_the_survey_an_id_belongs_to()
    {
        Assert.Equal("https://lasair-ztf.lsst.ac.uk/objects/ZTF18aaaduje/", LasairObjects.PageOf(Survey.Ztf, "ZTF18aaaduje"));
        Assert.Equal(Survey.Ztf, LasairObjects.SurveyOfId("ZTF18aaaduje"));
        Assert.Equal(Survey.Lsst, LasairObjects.SurveyOfId(LasairFake.LsstObjectId));
        Assert.Null(LasairObjects.SurveyOfId("SN 2019abc"));
    }
}
