using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Tutorial;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Tutorial;

public sealed class MyBrokerTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    private static string SampleData()
    {
        using var reader = new StreamReader(MyBroker.OpenSampleData());
        return reader.ReadToEnd();
    }

    private static IBroker Build(out IHost host, string? url = null, int timeoutSeconds = 30)
    {
        host = BrokerHost.Build(new Dictionary<string, string?>
        {
            ["Brokers:MyBroker:Url"] = url,
            ["Brokers:MyBroker:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Brokers:MyBroker:Retries"] = "0",
        });
        return host.Services.GetRequiredService<BrokerCatalog>().Create("MyBroker");
    }

    [Fact]
    public async Task Yields_the_alert_whose_name_equals_the_target_name_from_the_bundled_data()
    {
        var broker = Build(out var host);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);

        Assert.Empty(feedback);
        var alert = Assert.Single(alerts);
        Assert.Equal("1", alert.Id);
        Assert.Equal("Tatooine", alert.Name);
        Assert.Equal("MyBroker", alert.Source);
        Assert.Equal(new DateTimeOffset(2019, 7, 1, 0, 0, 0, TimeSpan.Zero), alert.Timestamp);
        Assert.Equal(32, alert.Ra);
        Assert.Equal(-20, alert.Dec);
        Assert.Equal(8, alert.Mag);
        Assert.Equal(20, alert.Score);
        Assert.Equal(MyBroker.SampleDataPath, alert.Url);
        Assert.Contains("\"name\":\"Tatooine\"", alert.RawJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tatooine")]
    [InlineData("Alderaan")]
    public async Task Matches_names_exactly_as_the_tutorial_does(string name)
    {
        var broker = Build(out var host);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = name }, Cancellation);

        Assert.Empty(alerts);
        Assert.Empty(feedback);
    }

    [Fact]
    public async Task Reads_a_configured_url_through_its_http_client_and_links_alerts_to_it()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(SampleData(), Cancellation);
        });
        var url = server.At("/raw/example_broker_data.json").ToString();
        var broker = Build(out var host, url);
        using var _ = host;

        var (alerts, _) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Hoth" }, Cancellation);

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/raw/example_broker_data.json", request.PathAndQuery);
        var hoth = Assert.Single(alerts);
        Assert.Equal(("2", 66.0, 50.0, url), (hoth.Id, hoth.Ra, hoth.Dec, hoth.Url));
    }

    [Theory]
    [InlineData("{\"detail\": \"<b>maintenance</b> until 02:00\"}", "<b>maintenance</b> until 02:00")]
    [InlineData("[{\"id\": 1, \"ra\": 32}]", "\"ra\": 32")]
    [InlineData("this is not json", "this is not json")]
    public async Task Reports_data_that_is_not_a_list_of_named_alerts_as_feedback_and_yields_nothing(string body, string expectedExcerpt)
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.Response.WriteAsync(body, Cancellation));
        var broker = Build(out var host, server.At("/data.json").ToString());
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);

        Assert.Empty(alerts);
        var note = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, note.Severity);
        Assert.Contains(expectedExcerpt, note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turns_a_server_error_into_readable_feedback()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("Traceback (most recent call last): ...", Cancellation);
        });
        var broker = Build(out var host, server.At("/data.json").ToString());
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);

        Assert.Empty(alerts);
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.Equal("MyBroker answered with an error (HTTP 500 Internal Server Error). It said: Traceback (most recent call last): ...", error.Message);
        Assert.NotNull(error.Exception);
    }

    [Fact]
    public async Task Turns_a_slow_server_into_a_timeout_message()
    {
        using var release = new CancellationTokenSource();
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var broker = Build(out var host, server.At("/slow.json").ToString(), timeoutSeconds: 1);
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);
        await release.CancelAsync();

        Assert.Empty(alerts);
        Assert.StartsWith("MyBroker did not answer within 1 s.", Assert.Single(feedback).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stops_when_cancelled()
    {
        var broker = Build(out var host);
        using var _ = host;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Tatooine" }, cancelled.Token));
    }

    [Fact]
    public async Task Yields_the_first_alert_before_the_body_has_finished_arriving()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[{\"id\": 1, \"name\": \"Tatooine\", \"ra\": 32, \"dec\": -20},", Cancellation);
            await context.Response.Body.FlushAsync(Cancellation);
            await release.Task.WaitAsync(Cancellation);
            await context.Response.WriteAsync("{\"id\": 2, \"name\": \"Tatooine\", \"ra\": 33, \"dec\": -21}]", Cancellation);
        });
        var broker = Build(out var host, server.At("/slow.json").ToString());
        using var _ = host;

        await using var results = BrokerHost.ResultsAsync(broker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation).GetAsyncEnumerator(Cancellation);

        // The second half of the body is held back until the first alert is out.
        Assert.True(await results.MoveNextAsync().AsTask().WaitAsync(Waits.Patiently, Cancellation));
        Assert.False(release.Task.IsCompleted);
        Assert.Equal("1", Assert.IsType<AlertReceived>(results.Current).Alert.Id);
        release.SetResult();
        Assert.True(await results.MoveNextAsync());
        Assert.Equal("2", Assert.IsType<AlertReceived>(results.Current).Alert.Id);
        Assert.False(await results.MoveNextAsync());
    }

    [Fact]
    public async Task Keeps_each_item_as_MyBroker_sent_it_for_View_with_fields_the_alert_type_does_not_know()
    {
        const string item = "{\"score\":20,\"name\":\"Tatooine\",\"id\":\"00017\",\"ra\":32.000000001,\"dec\":-20,\"note\":\"<b>seen twice</b>\",\"extra\":{\"seeing\":[1.2,1.3]}}";
        await using var server = await LocalHttpServer.StartAsync(context =>
            context.Response.WriteAsync($"[{{\"id\": 3, \"name\": \"Hoth\"}}, {item}]", Cancellation));
        var broker = Build(out var host, server.At("/data.json").ToString());
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);

        Assert.Empty(feedback);
        var alert = Assert.Single(alerts);
        Assert.Equal(item, alert.RawJson);
        Assert.Equal("00017", alert.Id);
    }

    [Fact]
    public async Task An_unreadable_item_after_good_ones_keeps_them_and_says_what_it_was()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
            context.Response.WriteAsync("[{\"id\": 1, \"name\": \"Tatooine\"}, {\"id\": 2, \"ra\": 99}]", Cancellation));
        var broker = Build(out var host, server.At("/data.json").ToString());
        using var _ = host;

        var (alerts, feedback) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);

        Assert.Equal("1", Assert.Single(alerts).Id);
        Assert.Equal("MyBroker's data is not a list of alerts with names. It said: {\"id\": 2, \"ra\": 99}", Assert.Single(feedback).Message);
    }

    [Fact]
    public void Target_is_sidereal_with_the_alert_name_and_coordinates()
    {
        var broker = Build(out var host);
        using var _ = host;
        const string raw = "{\"id\":1,\"name\":\"Tatooine\",\"timestamp\":\"2019-07-01\",\"ra\":32,\"dec\":-20,\"mag\":8,\"score\":20}";
        // A run's row keeps the broker's own alert beside its raw text.
        var alert = new GenericAlert
        {
            Id = "1",
            Name = "Tatooine",
            Source = "MyBroker",
            RawJson = raw,
            Original = System.Text.Json.JsonSerializer.Deserialize<MyBrokerAlert>(raw, BrokerJson.Options),
        };

        var draft = broker.ToTarget(alert);

        Assert.Equal(("Tatooine", 32.0, -20.0, TargetType.Sidereal, "MyBroker", "1"),
            (draft.Name, draft.Ra, draft.Dec, draft.Type, draft.SourceBroker, draft.SourceAlertId));
    }
}
