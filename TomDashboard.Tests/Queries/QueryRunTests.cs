using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TomDashboard.Brokers;
using TomDashboard.Queries;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Queries;

public sealed class QueryRunTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    private static QueryRunner Runner(int maxRows = 1000, int intervalMilliseconds = 20) => new(
        TimeProvider.System,
        Options.Create(new AlertGridOptions { MaxRows = maxRows, RenderIntervalMilliseconds = intervalMilliseconds, BufferCapacity = 100 }),
        NullLogger<QueryRunner>.Instance);

    private static async Task<List<BrokerResult>> ReadAllAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var all = new List<BrokerResult>();
        await foreach (var batch in run.ReadBatchesAsync(cancellationToken))
        {
            all.AddRange(batch);
        }

        return all;
    }

    [Fact]
    public async Task A_user_may_have_only_the_configured_number_of_runs_going_and_gets_a_message_beyond_it()
    {
        var runner = new QueryRunner(TimeProvider.System, Options.Create(new AlertGridOptions { MaxConcurrentRunsPerUser = 2 }), NullLogger<QueryRunner>.Instance);
        var ada = new TomDashboard.Alerts.Viewer("ada-id", "ada", new HashSet<long>());
        var bob = new TomDashboard.Alerts.Viewer("bob-id", "bob", new HashSet<long>());
        var brokers = Enumerable.Range(0, 5).Select(_ => new ChannelBroker()).ToList();

        var first = runner.TryStart(ada, brokers[0], new ChannelBrokerParameters(), Cancellation, out var noRefusal);
        var second = runner.TryStart(ada, brokers[1], new ChannelBrokerParameters(), Cancellation, out _);
        var third = runner.TryStart(ada, brokers[2], new ChannelBrokerParameters(), Cancellation, out var refusal);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(noRefusal);
        Assert.Null(third);
        Assert.Equal("You already have 2 query runs going (AlertGrid:MaxConcurrentRunsPerUser). Stop one, or wait for one to finish, then run this again.", refusal);
        // Another user, and the app's own work, are not held by Ada's runs.
        Assert.NotNull(runner.TryStart(bob, brokers[3], new ChannelBrokerParameters(), Cancellation, out _));
        Assert.NotNull(runner.Start(brokers[4], new ChannelBrokerParameters(), Cancellation));

        brokers[0].Alerts.Writer.Complete();
        await first!.Completion;
        var again = runner.TryStart(ada, new ChannelBroker(), new ChannelBrokerParameters(), Cancellation, out refusal);
        Assert.NotNull(again);
        Assert.Null(refusal);
    }

    [Fact]
    public async Task Hands_on_the_first_alert_while_the_broker_is_still_producing()
    {
        var broker = new ChannelBroker();
        var run = Runner().Start(broker, new ChannelBrokerParameters(), Cancellation);
        await using var batches = run.ReadBatchesAsync(Cancellation).GetAsyncEnumerator(Cancellation);

        await broker.Alerts.Writer.WriteAsync(new FakeAlert("1", "first", 1, 1), Cancellation);
        Assert.True(await batches.MoveNextAsync());

        Assert.Equal("first", Assert.IsType<AlertReceived>(Assert.Single(batches.Current)).Alert.Name);
        Assert.Equal(QueryRunStatus.Running, run.Status);
        broker.Alerts.Writer.Complete();
        await run.Completion;
        Assert.Equal(QueryRunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task Groups_a_burst_of_alerts_into_few_batches_and_loses_none()
    {
        var broker = new ChannelBroker();
        var run = Runner(maxRows: 10_000, intervalMilliseconds: 200).Start(broker, new ChannelBrokerParameters(), Cancellation);
        var reading = Task.Run(async () =>
        {
            var batches = new List<IReadOnlyList<BrokerResult>>();
            await foreach (var batch in run.ReadBatchesAsync(Cancellation))
            {
                batches.Add(batch);
            }

            return batches;
        }, Cancellation);

        for (var i = 0; i < 5000; i++)
        {
            await broker.Alerts.Writer.WriteAsync(new FakeAlert(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"alert {i}", 1, 1), Cancellation);
        }

        broker.Alerts.Writer.Complete();
        var batches = await reading;

        Assert.Equal(5000, batches.Sum(batch => batch.Count));
        Assert.InRange(batches.Count, 1, 60);
        Assert.Equal(5000, run.AlertCount);
        var ids = batches.SelectMany(batch => batch).Cast<AlertReceived>().Select(received => int.Parse(received.Alert.Id, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, 5000), ids);
    }

    private static FakeAlert Numbered(int i) => new(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"alert {i}", 1, 1);

    [Fact]
    public async Task Draws_nothing_while_the_reader_is_showing_a_batch_then_a_full_buffer_at_once_without_the_interval()
    {
        // An interval far longer than the test: a batch that comes at all came without waiting it out.
        var broker = new ChannelBroker();
        var run = Runner(maxRows: 10_000, intervalMilliseconds: 60_000).Start(broker, new ChannelBrokerParameters(), Cancellation);
        await using var batches = run.ReadBatchesAsync(Cancellation).GetAsyncEnumerator(Cancellation);
        await broker.Alerts.Writer.WriteAsync(Numbered(0), Cancellation);
        Assert.True(await batches.MoveNextAsync());

        // While the first batch is being shown, the broker fills the run's buffer (100) and waits; nothing more is drawn.
        for (var i = 1; i <= 300; i++)
        {
            await broker.Alerts.Writer.WriteAsync(Numbered(i), Cancellation);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(broker.Alerts.Reader.Count <= 300 - 100 - 1), "the run's buffer is full");
        await Task.Delay(200, Cancellation);
        Assert.Equal(1, run.AlertCount);

        // Shown: the next batch is the full buffer, drawn as soon as it is asked for.
        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(Waits.Patiently, Cancellation));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            batches.Current.Cast<AlertReceived>().Select(received => received.Alert.Id));
    }

    [Fact]
    public async Task The_last_alerts_of_a_finished_broker_are_drawn_at_once_without_the_interval()
    {
        var broker = new ChannelBroker();
        var run = Runner(maxRows: 10_000, intervalMilliseconds: 60_000).Start(broker, new ChannelBrokerParameters(), Cancellation);
        await broker.Alerts.Writer.WriteAsync(Numbered(0), Cancellation);
        var reading = ReadAllAsync(run, Cancellation);
        await Eventually.HoldsAsync(() => Task.FromResult(run.AlertCount == 1), "the first alert is drawn");

        await broker.Alerts.Writer.WriteAsync(Numbered(1), Cancellation);
        await broker.Alerts.Writer.WriteAsync(Numbered(2), Cancellation);
        broker.Alerts.Writer.Complete();

        var all = await reading.WaitAsync(Waits.Patiently, Cancellation);
        Assert.Equal(3, all.OfType<AlertReceived>().Count());
        Assert.Equal(QueryRunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task Stops_at_the_row_limit_and_says_so()
    {
        var broker = new ChannelBroker();
        for (var i = 0; i < 150; i++)
        {
            broker.Alerts.Writer.TryWrite(new FakeAlert(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "x", 1, 1));
        }

        var run = Runner(maxRows: 100).Start(broker, new ChannelBrokerParameters(), Cancellation);
        var results = await ReadAllAsync(run, Cancellation);

        Assert.Equal(100, results.OfType<AlertReceived>().Count());
        Assert.Equal("Stopped after the first 100 alerts (AlertGrid:MaxRows). Narrow the query to see the rest.",
            Assert.Single(results.OfType<FeedbackReported>()).Feedback.Message);
        Assert.Equal(QueryRunStatus.LimitReached, run.Status);
        await broker.Stopped.Task.WaitAsync(Waits.Patiently, Cancellation);
    }

    [Fact]
    public async Task Cancelling_reaches_the_broker_and_ends_the_run_as_cancelled()
    {
        var broker = new ChannelBroker();
        using var cancellation = new CancellationTokenSource();
        var run = Runner().Start(broker, new ChannelBrokerParameters(), cancellation.Token);
        await broker.Started.Task.WaitAsync(Waits.Patiently, Cancellation);

        await cancellation.CancelAsync();

        await broker.Cancelled.Task.WaitAsync(Waits.Patiently, Cancellation);
        await run.Completion.WaitAsync(Waits.Patiently, Cancellation);
        Assert.Equal(QueryRunStatus.Cancelled, run.Status);
    }

    [Broker("Failing", ScoreDescription = "None.")]
    private sealed class FailingBroker : Broker<ChannelBrokerParameters, FakeAlert>
    {
        public override async IAsyncEnumerable<FakeAlert> FetchAlertsAsync(ChannelBrokerParameters parameters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new FakeAlert("1", "kept", 10, 10);
            await Task.Yield();
            throw new HttpRequestException("Connection refused (broker.example:443)");
        }

        public override TomDashboard.Alerts.GenericAlert ToGenericAlert(FakeAlert alert) => new() { Id = alert.Id, Name = alert.Name, Source = Name };
    }

    [Fact]
    public async Task A_broker_failure_ends_the_run_as_failed_with_its_sentence_and_keeps_the_rows()
    {
        var run = Runner().Start(new FailingBroker(), new ChannelBrokerParameters(), Cancellation);

        var results = await ReadAllAsync(run, Cancellation);
        await run.Completion;

        Assert.Equal(QueryRunStatus.Failed, run.Status);
        Assert.Equal("kept", Assert.IsType<AlertReceived>(results[0]).Alert.Name);
        Assert.Equal(FeedbackSeverity.Error, Assert.IsType<FeedbackReported>(results[^1]).Feedback.Severity);
        Assert.Equal(1, run.AlertCount);
    }
}
