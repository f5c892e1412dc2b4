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
public sealed class QueryRun
{
    private readonly Channel<BrokerResult> _results;
    private readonly TimeProvider _time;
    private readonly AlertGridOptions _options;
    private DateTimeOffset? _finishedAt;

    internal QueryRun(IBroker broker, object parameters, AlertGridOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _time = time;
        _options = options;
        _results = Channel.CreateBounded<BrokerResult>(new BoundedChannelOptions(options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        StartedAt = time.GetUtcNow();
        Completion = Task.Run(() => ProduceAsync(broker, parameters, logger, cancellationToken), CancellationToken.None);
    }

    public DateTimeOffset StartedAt { get; }

    public QueryRunStatus Status { get; private set; } = QueryRunStatus.Running;

    public int AlertCount { get; private set; }

    public TimeSpan Elapsed => (_finishedAt ?? _time.GetUtcNow()) - StartedAt;

    /// <summary>Ends when the broker has finished, failed or been cancelled; never faults.</summary>
    public Task Completion { get; }

    public IAsyncEnumerable<IReadOnlyList<BrokerResult>> ReadBatchesAsync(CancellationToken cancellationToken) =>
        _results.Reader.ReadBatchesAsync(
            TimeSpan.FromMilliseconds(_options.RenderIntervalMilliseconds), _options.BufferCapacity, _time, cancellationToken);

    private async Task ProduceAsync(IBroker broker, object parameters, ILogger logger, CancellationToken cancellationToken)
    {
        var status = QueryRunStatus.Completed;
        try
        {
            await foreach (var result in broker.RunAsync(parameters, cancellationToken).WithCancellation(cancellationToken))
            {
                if (result is FeedbackReported { Feedback.Exception: { } cause } feedback)
                {
                    logger.LogWarning(cause, "{Broker} reported: {Feedback}", broker.Name, feedback.Feedback.Message);
                }

                if (result is AlertReceived)
                {
                    if (AlertCount >= _options.MaxRows)
                    {
                        status = QueryRunStatus.LimitReached;
                        await _results.Writer.WriteAsync(new FeedbackReported(new BrokerFeedback(
                            FeedbackSeverity.Warning,
                            $"Stopped after the first {_options.MaxRows:N0} alerts (AlertGrid:MaxRows). Narrow the query to see the rest.")), cancellationToken);
                        break;
                    }

                    AlertCount++;
                }

                await _results.Writer.WriteAsync(result, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = QueryRunStatus.Cancelled;
        }
        catch (Exception exception)
        {
            // The broker contract turns failures into feedback; this is the guard for a broker that throws anyway.
            logger.LogError(exception, "Run of {Broker} failed", broker.Name);
            status = QueryRunStatus.Failed;
            _results.Writer.TryWrite(new FeedbackReported(new BrokerFeedback(FeedbackSeverity.Error, BrokerFailure.Describe(broker.Name, exception))));
        }
        finally
        {
            _finishedAt = _time.GetUtcNow();
            Status = status;
            _results.Writer.TryComplete();
        }
    }
}

/// <summary>Starts query runs with the configured limits.</summary>
public sealed class QueryRunner(TimeProvider time, Microsoft.Extensions.Options.IOptions<AlertGridOptions> options, ILogger<QueryRunner> logger)
{
    public QueryRun Start(IBroker broker, object parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(parameters);
        return new QueryRun(broker, parameters, options.Value, time, logger, cancellationToken);
    }
}
