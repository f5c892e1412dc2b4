using System.Threading.Channels;
using TomDashboard.Alerts;

namespace TomDashboard.Brokers;

/// <summary>How a broker run ended, when it was not cancelled.</summary>
public enum BrokerRunEnd
{
    Completed,

    /// <summary>The broker had more alerts than the run may show.</summary>
    LimitReached,

    /// <summary>The broker failed; its readable sentence is the last feedback written.</summary>
    Failed,
}

/// <summary>What pages, runners and the target writer see of a broker.</summary>
public interface IBroker : IAlertTargets
{
    string Name { get; }

    Type ParametersType { get; }

    string ScoreDescription { get; }

    /// <summary>
    /// Runs a query: alerts and the broker's feedback go to one channel as they arrive, at most
    /// <paramref name="maxAlerts"/> alerts. Failures are written as feedback, never thrown; the caller completes the channel.
    /// </summary>
    Task<BrokerRunEnd> RunAsync(object parameters, ChannelWriter<BrokerResult> results, int maxAlerts, CancellationToken cancellationToken);

    /// <summary>Photometry the broker holds for a target, imported when the target is created.</summary>
    IAsyncEnumerable<PhotometryPoint> FetchPhotometryAsync(TargetReference target, CancellationToken cancellationToken);
}
