using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Targets;

namespace TomDashboard.Tests.Fakes;

public sealed class ChannelBrokerParameters
{
    [Required]
    [Display(Name = "Search", Order = 1)]
    public string? Search { get; set; } = "anything";
}

public sealed record FakeAlert(string Id, string Name, double Ra, double Dec, double? Mag = null, double? Score = null);

/// <summary>A broker fed by a channel: the test decides when each alert arrives, and sees the cancellation.</summary>
[Broker(BrokerName, ScoreDescription = "Fake score: the test's own number.")]
public sealed class ChannelBroker : Broker<ChannelBrokerParameters, FakeAlert>
{
    public const string BrokerName = "ChannelBroker";

    public Channel<FakeAlert> Alerts { get; } = Channel.CreateUnbounded<FakeAlert>();

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the run's cancellation token fires.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the broker's enumeration has ended, however it ended.</summary>
    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<PhotometryPoint> Photometry { get; } = [];

    public void Say(FeedbackSeverity severity, string message) => ReportFeedback(severity, message);

    public override async IAsyncEnumerable<FakeAlert> FetchAlertsAsync(ChannelBrokerParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => Cancelled.TrySetResult());
        Started.TrySetResult();
        try
        {
            await foreach (var alert in Alerts.Reader.ReadAllAsync(cancellationToken))
            {
                yield return alert;
            }
        }
        finally
        {
            // CancelAsync runs callbacks one by one; the channel's may end this loop and unregister ours before it runs.
            if (cancellationToken.IsCancellationRequested)
            {
                Cancelled.TrySetResult();
            }

            Stopped.TrySetResult();
        }
    }

    public override GenericAlert ToGenericAlert(FakeAlert alert) => new()
    {
        Id = alert.Id,
        Name = alert.Name,
        Source = Name,
        Ra = alert.Ra,
        Dec = alert.Dec,
        Mag = alert.Mag,
        Score = alert.Score,
        Timestamp = new DateTimeOffset(2024, 5, 1, 3, 4, 5, TimeSpan.Zero),
        Url = $"https://broker.example/objects/{alert.Name}",
    };

    public override TargetDraft ToTarget(FakeAlert alert) => TargetDraft.FromAlert(ToGenericAlert(alert)) with
    {
        Aliases = [$"{alert.Name}-alias"],
        Extras = new Dictionary<string, string> { ["classification"] = "SN Ia" },
    };

    public override async IAsyncEnumerable<PhotometryPoint> FetchPhotometryAsync(TargetReference target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var point in Photometry)
        {
            await Task.Yield();
            yield return point;
        }
    }
}
