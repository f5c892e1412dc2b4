using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using TomDashboard.Alerts;

namespace TomDashboard.Brokers;

/// <summary>
/// The base of every broker plugin: a typed parameters class and an async stream of the broker's own alerts.
/// A broker instance serves one run (brokers are transient), so the channel held here belongs to that run.
/// </summary>
public abstract class Broker<TParameters, TAlert> : IBroker
    where TParameters : class, new()
    where TAlert : notnull
{
    private readonly BrokerAttribute _description;
    private readonly Lock _feedbackLock = new();
    private ChannelWriter<BrokerResult>? _results;
    private List<BrokerResult>? _heldFeedback;

    protected Broker()
    {
        _description = GetType().GetCustomAttribute<BrokerAttribute>()
            ?? throw new InvalidOperationException($"{GetType().Name} needs a [Broker] attribute.");
    }

    public string Name => _description.Name;

    public Type ParametersType => typeof(TParameters);

    public string ScoreDescription => _description.ScoreDescription;

    /// <summary>How the broker's raw items are written for View.</summary>
    protected virtual JsonSerializerOptions JsonOptions => BrokerJson.Options;

    public abstract IAsyncEnumerable<TAlert> FetchAlertsAsync(TParameters parameters, CancellationToken cancellationToken);

    public abstract GenericAlert ToGenericAlert(TAlert alert);

    public virtual TargetDraft ToTarget(TAlert alert) => TargetDraft.FromAlert(ToGenericAlert(alert));

    public virtual IAsyncEnumerable<PhotometryPoint> FetchPhotometryAsync(TargetReference target, CancellationToken cancellationToken) =>
        AsyncEnumerable.Empty<PhotometryPoint>();

    /// <summary>The target a row of this broker's run becomes, with the broker's photometry, from the alert the row keeps.</summary>
    public TargetSubmission SubmissionOf(GenericAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Original is not TAlert typed)
        {
            throw new AlertUnreadableException($"{Name} could not read this alert: its data is no longer kept; run the query again.");
        }

        TargetDraft draft;
        try
        {
            draft = ToTarget(typed);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new AlertUnreadableException($"{Name} could not read this alert.", exception);
        }

        var reference = draft.ToReference();
        return new TargetSubmission { Draft = draft, FetchPhotometry = token => FetchPhotometryAsync(reference, token), Source = Name };
    }

    /// <summary>The raw JSON kept with each alert for View. Override to keep the broker's own bytes.</summary>
    protected virtual string ToRawJson(TAlert alert) => JsonSerializer.Serialize(alert, JsonOptions);

    /// <summary>
    /// Reports a note or an error from the remote side; the run page shows it next to the alerts, at once, also while
    /// the broker still waits on the remote side.
    /// </summary>
    protected void ReportFeedback(FeedbackSeverity severity, string message)
    {
        var feedback = new FeedbackReported(new BrokerFeedback(severity, message));
        lock (_feedbackLock)
        {
            // A full channel (the page is behind) holds it until the next alert is written: feedback is never dropped.
            if (_heldFeedback is not null || _results is null || !_results.TryWrite(feedback))
            {
                (_heldFeedback ??= []).Add(feedback);
            }
        }
    }

    async Task<BrokerRunEnd> IBroker.RunAsync(object parameters, ChannelWriter<BrokerResult> results, int maxAlerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (parameters is not TParameters typed)
        {
            throw new ArgumentException($"{Name} takes {typeof(TParameters).Name}, not {parameters?.GetType().Name ?? "null"}.", nameof(parameters));
        }

        lock (_feedbackLock)
        {
            _results = results;
        }

        var count = 0;
        try
        {
            await foreach (var alert in FetchAlertsAsync(typed, cancellationToken).WithCancellation(cancellationToken))
            {
                await WriteHeldFeedbackAsync(results, cancellationToken);
                var mapped = Map(alert);
                if (mapped is AlertReceived && count++ >= maxAlerts)
                {
                    return BrokerRunEnd.LimitReached;
                }

                await results.WriteAsync(mapped, cancellationToken);
            }

            await WriteHeldFeedbackAsync(results, cancellationToken);
            return BrokerRunEnd.Completed;
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await WriteHeldFeedbackAsync(results, cancellationToken);
            var failure = new BrokerFeedback(FeedbackSeverity.Error, BrokerFailure.Describe(Name, exception)) { Exception = exception };
            await results.WriteAsync(new FeedbackReported(failure), cancellationToken);
            return BrokerRunEnd.Failed;
        }
    }

    private async Task WriteHeldFeedbackAsync(ChannelWriter<BrokerResult> results, CancellationToken cancellationToken)
    {
        while (true)
        {
            List<BrokerResult>? held;
            lock (_feedbackLock)
            {
                held = _heldFeedback;
                _heldFeedback = null;
            }

            if (held is null)
            {
                return;
            }

            foreach (var feedback in held)
            {
                await results.WriteAsync(feedback, cancellationToken);
            }
        }
    }

    private BrokerResult Map(TAlert alert)
    {
        try
        {
            var generic = ToGenericAlert(alert);
            // Links and View's JSON can carry a key from the broker's configured URL: never shown.
            return new AlertReceived(generic with
            {
                Url = SecretRedaction.Default.RedactUrl(generic.Url),
                RawJson = SecretRedaction.Default.Redact(ToRawJson(alert)),
                Original = alert,
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One unreadable alert must not end the run: say so and go on with the next.
            return new FeedbackReported(new BrokerFeedback(FeedbackSeverity.Warning, $"{Name} sent an alert that could not be read: {exception.Message}") { Exception = exception });
        }
    }
}
