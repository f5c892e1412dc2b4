using System.Runtime.CompilerServices;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers;

/// <summary>The bridge from a typed broker to IBroker.RunAsync: mapping, feedback and failures.</summary>
public sealed class BrokerRunTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Broker("Flaky", ScoreDescription = "none")]
    private sealed class FlakyBroker : Broker<ChannelBrokerParameters, FakeAlert>
    {
        public override async IAsyncEnumerable<FakeAlert> FetchAlertsAsync(ChannelBrokerParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new FakeAlert("1", "first", 10, 10);
            ReportFeedback(FeedbackSeverity.Info, "page 1 of 2 read");
            yield return new FakeAlert("2", "", 10, 10);
            await Task.Yield();
            yield return new FakeAlert("3", "third", 10, 10);
            throw new HttpRequestException("Connection refused (broker.example:443)");
        }

        public override GenericAlert ToGenericAlert(FakeAlert alert) => new()
        {
            Id = alert.Id,
            Name = alert.Name.Length > 0 ? alert.Name : throw new FormatException("the alert has no name"),
            Source = Name,
            Ra = alert.Ra,
            Dec = alert.Dec,
        };
    }

    [Fact]
    public async Task Keeps_alerts_received_before_a_failure_and_reports_everything_as_feedback_in_order()
    {
        IBroker broker = new FlakyBroker();
        var results = new List<BrokerResult>();
        await foreach (var result in BrokerHost.ResultsAsync(broker, new ChannelBrokerParameters(), Cancellation))
        {
            results.Add(result);
        }

        Assert.Collection(results,
            first => Assert.Equal("first", Assert.IsType<AlertReceived>(first).Alert.Name),
            note => Assert.Equal("page 1 of 2 read", Assert.IsType<FeedbackReported>(note).Feedback.Message),
            unreadable => Assert.Equal("Flaky sent an alert that could not be read: the alert has no name", Assert.IsType<FeedbackReported>(unreadable).Feedback.Message),
            third => Assert.Equal("third", Assert.IsType<AlertReceived>(third).Alert.Name),
            failure =>
            {
                var feedback = Assert.IsType<FeedbackReported>(failure).Feedback;
                Assert.Equal(FeedbackSeverity.Error, feedback.Severity);
                Assert.Equal("Flaky could not be reached: Connection refused (broker.example:443)", feedback.Message);
            });
    }

    [Fact]
    public async Task Keeps_the_raw_alert_so_a_target_can_be_made_from_the_row()
    {
        var broker = new ChannelBroker();
        var channel = broker.Alerts;
        channel.Writer.TryWrite(new FakeAlert("77", "SN 2024abc", 150.1, 2.2));
        channel.Writer.Complete();

        var (alerts, _) = await BrokerHost.RunAsync(broker, new ChannelBrokerParameters(), Cancellation);
        var draft = ((IBroker)broker).ToTarget(Assert.Single(alerts));

        Assert.Equal("SN 2024abc", draft.Name);
        Assert.Equal(["SN 2024abc-alias"], draft.Aliases);
        Assert.Equal("SN Ia", draft.Extras["classification"]);
    }

    [Fact]
    public async Task Refuses_parameters_of_another_broker()
    {
        var broker = new ChannelBroker();
        await Assert.ThrowsAsync<ArgumentException>(() => BrokerHost.RunAsync(broker, new TomDashboard.Brokers.Tutorial.MyBrokerParameters(), Cancellation));
    }

    [Fact]
    public async Task Feedback_arrives_while_the_broker_is_still_waiting_for_its_next_page()
    {
        var broker = new ChannelBroker();
        await using var results = BrokerHost.ResultsAsync(broker, new ChannelBrokerParameters(), Cancellation).GetAsyncEnumerator(Cancellation);
        var next = results.MoveNextAsync().AsTask();
        await broker.Started.Task.WaitAsync(Waits.Patiently, Cancellation);

        broker.Say(FeedbackSeverity.Warning, "Rate limited: waiting 30 s before page 2 (Retry-After).");

        Assert.True(await next.WaitAsync(Waits.Patiently, Cancellation));
        Assert.Equal("Rate limited: waiting 30 s before page 2 (Retry-After).", Assert.IsType<FeedbackReported>(results.Current).Feedback.Message);
        broker.Alerts.Writer.TryWrite(new FakeAlert("1", "after the wait", 1, 1));
        Assert.True(await results.MoveNextAsync());
        Assert.Equal("after the wait", Assert.IsType<AlertReceived>(results.Current).Alert.Name);
    }

    [Fact]
    public async Task Feedback_is_kept_when_the_runs_channel_is_full_and_arrives_in_order()
    {
        var broker = new ChannelBroker();
        var channel = System.Threading.Channels.Channel.CreateBounded<BrokerResult>(1);
        var run = ((IBroker)broker).RunAsync(new ChannelBrokerParameters(), channel.Writer, int.MaxValue, Cancellation);
        await broker.Started.Task.WaitAsync(Cancellation);
        await broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "fills the channel", 1, 1), Cancellation);
        while (channel.Reader.Count == 0)
        {
            await Task.Yield();
        }

        broker.Say(FeedbackSeverity.Info, "said while the page is behind");
        await broker.Alerts.Writer.WriteAsync(new FakeAlert("2", "after the note", 1, 1), Cancellation);
        broker.Alerts.Writer.Complete();
        var read = new List<string>();
        while (read.Count < 3)
        {
            read.Add(await channel.Reader.ReadAsync(Cancellation) switch
            {
                AlertReceived received => received.Alert.Name,
                FeedbackReported reported => reported.Feedback.Message,
                _ => "?",
            });
        }

        Assert.Equal(BrokerRunEnd.Completed, await run);
        Assert.Equal(["fills the channel", "said while the page is behind", "after the note"], read);
    }

    [Fact]
    public async Task A_run_stops_at_its_alert_limit()
    {
        var broker = new ChannelBroker();
        for (var i = 0; i < 5; i++)
        {
            broker.Alerts.Writer.TryWrite(new FakeAlert($"{i}", $"alert {i}", 1, 1));
        }

        var channel = System.Threading.Channels.Channel.CreateUnbounded<BrokerResult>();

        var end = await ((IBroker)broker).RunAsync(new ChannelBrokerParameters(), channel.Writer, 3, Cancellation);

        Assert.Equal(BrokerRunEnd.LimitReached, end);
        Assert.Equal(3, channel.Reader.Count);
    }
}
