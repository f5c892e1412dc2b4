namespace TomDashboard.Brokers;

public static partial class BrokerCatalogLogging
{
    /// <summary>Says at start-up which brokers are unavailable and why; the others keep working.</summary>
    public static void LogAvailability(this BrokerCatalog catalog, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var entry in catalog.Entries)
        {
            if (entry.IsAvailable)
            {
                BrokerAvailable(logger, entry.Name);
            }
            else
            {
                BrokerUnavailable(logger, entry.Name, entry.StatusText!);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker {Broker} is available")]
    private static partial void BrokerAvailable(ILogger logger, string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker {Broker} cannot be used. {Reason}")]
    private static partial void BrokerUnavailable(ILogger logger, string broker, string reason);
}
