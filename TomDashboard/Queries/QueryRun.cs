using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TomDashboard.Brokers;

namespace TomDashboard.Queries;

public enum QueryRunStatus
{
    Running,
    Completed,
    Cancelled,
    LimitReached,
    Failed,
}

/// <summary>
/// One run of a broker query: the broker writes into a bounded channel on a background task, and the page reads
/// batches from it. Broker failures arrive as feedback; they never escape as exceptions.
/// </summary>
public sealed partial class QueryRun
{
    private readonly Channel<BrokerResult> _results;
    private readonly TimeProvider _time;
    private readonly AlertGridOptions _options;
    private readonly ILogger _logger;
    private readonly string _brokerName;
    private readonly QueryMetrics? _metrics;
    private readonly BrokerHealth? _health;
    private readonly long _startedTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
    private DateTimeOffset? _finishedAt;

    internal QueryRun(
        IBroker broker, object parameters, AlertGridOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken,
        QueryMetrics? metrics = null, BrokerHealth? health = null)
    {
        _metrics = metrics;
        _health = health;
        _time = time;
        _options = options;
        _results = Channel.CreateBounded<BrokerResult>(new BoundedChannelOptions(options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        _logger = logger;
        _brokerName = broker.Name;
        StartedAt = time.GetUtcNow();
        Completion = Task.Run(() => ProduceAsync(broker, parameters, cancellationToken), CancellationToken.None);
    }

    public DateTimeOffset StartedAt { get; }

    public QueryRunStatus Status { get; private set; } = QueryRunStatus.Running;

    /// <summary>The alerts handed to the page so far.</summary>
    public int AlertCount { get; private set; }

    public TimeSpan Elapsed => (_finishedAt ?? _time.GetUtcNow()) - StartedAt;

    /// <summary>Ends when the broker has finished, failed or been cancelled; never faults.</summary>
    public Task Completion { get; }

    /// <summary>
    /// The run's results in batches. Ask for the next batch once the previous one is shown: it is drawn then, with at
    /// most one pending, and at once if the broker is waiting on a full buffer or has finished.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<BrokerResult>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batches = _results.Reader.ReadBatchesAsync(
            TimeSpan.FromMilliseconds(_options.RenderIntervalMilliseconds), _options.BufferCapacity, _time, Completion, cancellationToken);
        await foreach (var batch in batches)
        {
            foreach (var result in batch)
            {
                if (result is AlertReceived)
                {
                    if (++AlertCount == 1)
                    {
                        _metrics?.FirstRow(_brokerName, System.Diagnostics.Stopwatch.GetElapsedTime(_startedTimestamp));
                    }
                }
                else if (result is FeedbackReported { Feedback.Exception: { } cause } feedback)
                {
                    LogBrokerFailure(_logger, cause, _brokerName, feedback.Feedback.Message);
                    _health?.Failed(_brokerName, feedback.Feedback.Message);
                }
            }

            yield return batch;
        }
    }

    /// <summary>The broker writes alerts and feedback straight into the run's one channel; this only records how it ended.</summary>
    private async Task ProduceAsync(IBroker broker, object parameters, CancellationToken cancellationToken)
    {
        var status = QueryRunStatus.Completed;
        try
        {
            var end = await broker.RunAsync(parameters, _results.Writer, _options.MaxRows, cancellationToken);
            status = end switch
            {
                BrokerRunEnd.Failed => QueryRunStatus.Failed,
                BrokerRunEnd.LimitReached => QueryRunStatus.LimitReached,
                _ => QueryRunStatus.Completed,
            };
            if (end == BrokerRunEnd.LimitReached)
            {
                await _results.Writer.WriteAsync(new FeedbackReported(new BrokerFeedback(
                    FeedbackSeverity.Warning,
                    $"Stopped after the first {_options.MaxRows:N0} alerts (AlertGrid:MaxRows). Narrow the query to see the rest.")), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = QueryRunStatus.Cancelled;
        }
        catch (Exception exception)
        {
            // The broker contract turns failures into feedback; this is the guard for a broker that throws anyway.
            LogRunFailed(_logger, exception, broker.Name);
            status = QueryRunStatus.Failed;
            _results.Writer.TryWrite(new FeedbackReported(new BrokerFeedback(FeedbackSeverity.Error, BrokerFailure.Describe(broker.Name, exception))));
        }
        finally
        {
            _finishedAt = _time.GetUtcNow();
            Status = status;
            _metrics?.RunEnded(_brokerName, status);
            _results.Writer.TryComplete();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Broker} reported: {Feedback}")]
    private static partial void LogBrokerFailure(ILogger logger, Exception exception, string broker, string feedback);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run of {Broker} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string broker);
}

/// <summary>
/// Starts query runs with the configured limits, among them how many runs one user may have going at once
/// (<see cref="AlertGridOptions.MaxConcurrentRunsPerUser"/>): each holds a broker connection and a grid's memory.
/// </summary>
public sealed class QueryRunner(
    TimeProvider time, Microsoft.Extensions.Options.IOptions<AlertGridOptions> options, ILogger<QueryRunner> logger,
    QueryMetrics? metrics = null, BrokerHealth? health = null)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _runningByUser = new(StringComparer.Ordinal);

    /// <summary>A run for the app's own work (tests, benchmarks): no per-user limit.</summary>
    public QueryRun Start(IBroker broker, object parameters, CancellationToken cancellationToken) =>
        TryStart(TomDashboard.Alerts.Viewer.System, broker, parameters, cancellationToken, out _)!;

    /// <summary>A run for <paramref name="viewer"/>, or null with the reason when they already have as many going as allowed.</summary>
    public QueryRun? TryStart(TomDashboard.Alerts.Viewer viewer, IBroker broker, object parameters, CancellationToken cancellationToken, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(parameters);
        refusal = null;
        if (viewer.SeesEverything)
        {
            return new QueryRun(broker, parameters, options.Value, time, logger, cancellationToken, metrics, health);
        }

        var limit = options.Value.MaxConcurrentRunsPerUser;
        var running = _runningByUser.AddOrUpdate(viewer.UserId, 1, (_, count) => count + 1);
        if (running > limit)
        {
            Release(viewer.UserId);
            refusal = $"You already have {limit} query runs going (AlertGrid:MaxConcurrentRunsPerUser). Stop one, or wait for one to finish, then run this again.";
            return null;
        }

        var run = new QueryRun(broker, parameters, options.Value, time, logger, cancellationToken, metrics, health);
        _ = run.Completion.ContinueWith(_ => Release(viewer.UserId), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return run;
    }

    private void Release(string userId)
    {
        if (_runningByUser.AddOrUpdate(userId, 0, (_, count) => count - 1) <= 0)
        {
            _runningByUser.TryRemove(new KeyValuePair<string, int>(userId, 0));
        }
    }
}
