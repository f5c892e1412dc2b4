using TomDashboard.Brokers;

namespace TomDashboard.Targets;

public sealed record BrokerRefresh(bool Succeeded, string Message);

/// <summary>"Update broker data": asks the broker a target came from for its photometry again, and stores what is new.</summary>
public sealed class BrokerDataRefresher(BrokerCatalog catalog, TargetSearch search, TargetWriter writer, ILogger<BrokerDataRefresher> logger)
{
    public async Task<BrokerRefresh> RefreshAsync(long targetId, CancellationToken cancellationToken)
    {
        var target = await search.FindAsync(targetId, cancellationToken);
        if (target is null)
        {
            return new BrokerRefresh(false, $"There is no target with id {targetId}.");
        }

        var entry = catalog.Find(target.SourceBroker);
        if (entry is null)
        {
            return new BrokerRefresh(false, $"{target.Name} did not come from a broker that can be asked again.");
        }

        if (!entry.IsAvailable)
        {
            return new BrokerRefresh(false, entry.StatusText!);
        }

        var broker = catalog.Create(entry.Name);
        var reference = new TargetReference(target.Name, [.. target.Aliases], target.Ra, target.Dec, target.SourceAlertId);
        try
        {
            var points = await writer.ImportPhotometryAsync(target.Id, broker.FetchPhotometryAsync(reference, cancellationToken), cancellationToken);
            return new BrokerRefresh(true, points == 0
                ? $"{broker.Name} has no photometry for {target.Name}."
                : $"{points} photometry points from {broker.Name} are stored for {target.Name}.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Refreshing {Target} from {Broker} failed", target.Name, broker.Name);
            return new BrokerRefresh(false, BrokerFailure.Describe(broker.Name, exception));
        }
    }
}
