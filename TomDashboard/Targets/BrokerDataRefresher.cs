using System.Net;
using TomDashboard.Alerts;
using TomDashboard.Brokers;

namespace TomDashboard.Targets;

public sealed record BrokerRefresh(bool Succeeded, string Message);

/// <summary>
/// "Update broker data": asks every available broker for the target's photometry (the broker it came from, and any
/// other that knows it under its name or an alias) and stores what is new. A broker that does not know the target
/// answers with nothing or a 404; that is not an error.
/// </summary>
public sealed class BrokerDataRefresher(BrokerCatalog catalog, TargetSearch search, TargetWriter writer, ILogger<BrokerDataRefresher> logger)
{
    public async Task<BrokerRefresh> RefreshAsync(long targetId, Viewer viewer, CancellationToken cancellationToken)
    {
        var target = await search.FindAsync(targetId, viewer, cancellationToken);
        if (target is null)
        {
            return new BrokerRefresh(false, $"There is no target with id {targetId}.");
        }

        if (!TargetAccess.Changes(viewer, target))
        {
            return new BrokerRefresh(false, $"Updating {target.Name} needs the right to change it; ask its owner to share it with your group.");
        }

        var reference = new TargetReference(target.Name, [.. target.Aliases], target.Ra, target.Dec, target.SourceAlertId);
        var brokers = catalog.Entries.Where(entry => entry.IsAvailable)
            .OrderByDescending(entry => string.Equals(entry.Name, target.SourceBroker, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var answers = await Task.WhenAll(brokers.Select(entry => AskAsync(entry.Name, target, reference, cancellationToken)));

        var stored = answers.Where(answer => answer.Points > 0).ToList();
        var failures = answers.Where(answer => answer.Problem is not null).Select(answer => answer.Problem!).ToList();
        var summary = stored.Count == 0
            ? $"No broker has photometry for {target.Name}."
            : $"{stored.Sum(answer => answer.Points)} photometry points stored for {target.Name} ({string.Join(", ", stored.Select(answer => $"{answer.Broker}: {answer.Points}"))}).";
        return new BrokerRefresh(failures.Count == 0, failures.Count == 0 ? summary : $"{summary} {string.Join(" ", failures)}");
    }

    private async Task<(string Broker, int Points, string? Problem)> AskAsync(string brokerName, Target target, TargetReference reference, CancellationToken cancellationToken)
    {
        var broker = catalog.Create(brokerName);
        try
        {
            var points = await writer.ImportPhotometryAsync(target.Id, broker.FetchPhotometryAsync(reference, cancellationToken), cancellationToken);
            return (broker.Name, points, null);
        }
        catch (HttpRequestException notFound) when (notFound.StatusCode == HttpStatusCode.NotFound)
        {
            return (broker.Name, 0, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Refreshing {Target} from {Broker} failed", target.Name, broker.Name);
            return (broker.Name, 0, BrokerFailure.Describe(broker.Name, exception));
        }
    }
}
