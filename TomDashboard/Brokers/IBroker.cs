using TomDashboard.Alerts;

namespace TomDashboard.Brokers;

/// <summary>What pages, runners and the target writer see of a broker.</summary>
public interface IBroker
{
    string Name { get; }

    Type ParametersType { get; }

    string ScoreDescription { get; }

    /// <summary>Runs a query: alerts as they arrive, interleaved with the broker's feedback. Failures end as feedback.</summary>
    IAsyncEnumerable<BrokerResult> RunAsync(object parameters, CancellationToken cancellationToken);

    /// <summary>The target an alert of this broker becomes.</summary>
    TargetDraft ToTarget(GenericAlert alert);

    /// <summary>Photometry the broker holds for a target, imported when the target is created.</summary>
    IAsyncEnumerable<PhotometryPoint> FetchPhotometryAsync(TargetReference target, CancellationToken cancellationToken);
}
