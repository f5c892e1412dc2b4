using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TomDashboard.Alerts;

namespace TomDashboard.Brokers;

/// <summary>
/// The base of every broker plugin: a typed parameters class and an async stream of the broker's own alerts.
/// A broker instance serves one run (brokers are transient), so feedback collected here belongs to that run.
/// </summary>
public abstract class Broker<TParameters, TAlert> : IBroker
    where TParameters : class, new()
{
    private readonly ConcurrentQueue<BrokerFeedback> _pendingFeedback = new();
    private TaskCompletionSource _feedbackArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BrokerAttribute _description;

    protected Broker()
    {
        _description = GetType().GetCustomAttribute<BrokerAttribute>()
            ?? throw new InvalidOperationException($"{GetType().Name} needs a [Broker] attribute.");
    }

    public string Name => _description.Name;

    public Type ParametersType => typeof(TParameters);

    public string ScoreDescription => _description.ScoreDescription;

    /// <summary>How the broker's raw items are read and written; also used for View and <see cref="ToTarget(GenericAlert)"/>.</summary>
    protected virtual JsonSerializerOptions JsonOptions => BrokerJson.Options;

    public abstract IAsyncEnumerable<TAlert> FetchAlertsAsync(TParameters parameters, CancellationToken cancellationToken);

    public abstract GenericAlert ToGenericAlert(TAlert alert);

    public virtual TargetDraft ToTarget(TAlert alert) => TargetDraft.FromAlert(ToGenericAlert(alert));

    public virtual IAsyncEnumerable<PhotometryPoint> FetchPhotometryAsync(TargetReference target, CancellationToken cancellationToken) =>
        AsyncEnumerable.Empty<PhotometryPoint>();

    public TargetDraft ToTarget(GenericAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var typed = JsonSerializer.Deserialize<TAlert>(alert.RawJson, JsonOptions)
            ?? throw new InvalidOperationException($"The alert {alert.Id} has no raw data to create a target from.");
        return ToTarget(typed);
    }

    /// <summary>The raw JSON kept with each alert. Override to keep the broker's own bytes.</summary>
    protected virtual string ToRawJson(TAlert alert) => JsonSerializer.Serialize(alert, JsonOptions);

    /// <summary>Reports a note or an error from the remote side; the run page shows it next to the alerts.</summary>
    protected void ReportFeedback(FeedbackSeverity severity, string message)
    {
        _pendingFeedback.Enqueue(new BrokerFeedback(severity, message));
        Volatile.Read(ref _feedbackArrived).TrySetResult();
    }

    async IAsyncEnumerable<BrokerResult> IBroker.RunAsync(object parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (parameters is not TParameters typed)
        {
            throw new ArgumentException($"{Name} takes {typeof(TParameters).Name}, not {parameters?.GetType().Name ?? "null"}.", nameof(parameters));
        }

        var alerts = FetchAlertsAsync(typed, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                // While the broker waits on the remote side, its feedback goes out at once, not with the next alert.
                // (A move that completes at once comes back as a cached Task<bool>: no allocation per alert.)
                var pending = alerts.MoveNextAsync().AsTask();
                while (!pending.IsCompleted)
                {
                    var arrived = Volatile.Read(ref _feedbackArrived).Task;
                    if (_pendingFeedback.IsEmpty)
                    {
                        await Task.WhenAny(pending, arrived);
                    }

                    if (arrived.IsCompleted)
                    {
                        Interlocked.Exchange(ref _feedbackArrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    }

                    while (_pendingFeedback.TryDequeue(out var early))
                    {
                        yield return new FeedbackReported(early);
                    }
                }

                bool hasAlert;
                BrokerFeedback? failure = null;
                try
                {
                    hasAlert = await pending;
                }
                catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    hasAlert = false;
                    failure = new BrokerFeedback(FeedbackSeverity.Error, BrokerFailure.Describe(Name, exception)) { Exception = exception };
                }

                while (_pendingFeedback.TryDequeue(out var feedback))
                {
                    yield return new FeedbackReported(feedback);
                }

                if (failure is not null)
                {
                    yield return new FeedbackReported(failure);
                }

                if (!hasAlert)
                {
                    yield break;
                }

                var mapped = TryMap(alerts.Current);
                yield return mapped;
            }
        }
        finally
        {
            await alerts.DisposeAsync();
        }
    }

    private BrokerResult TryMap(TAlert alert)
    {
        try
        {
            var generic = ToGenericAlert(alert);
            return new AlertReceived(generic with { RawJson = ToRawJson(alert) });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One unreadable alert must not end the run: say so and go on with the next.
            return new FeedbackReported(new BrokerFeedback(FeedbackSeverity.Warning, $"{Name} sent an alert that could not be read: {exception.Message}") { Exception = exception });
        }
    }
}
