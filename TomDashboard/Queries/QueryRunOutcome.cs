using System.Globalization;

namespace TomDashboard.Queries;

/// <summary>How a saved query's last run ended, in the words the query list and the home page show.</summary>
public static class QueryRunOutcome
{
    /// <summary>" · 12 alerts", with the ending when it was not a plain completion; empty while no run has ended.</summary>
    public static string Describe(BrokerQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.LastRunAlertCount is not { } count)
        {
            return "";
        }

        var alerts = count == 1 ? "1 alert" : string.Create(CultureInfo.InvariantCulture, $"{count:N0} alerts");
        var ending = query.LastRunStatus switch
        {
            QueryRunStatus.Cancelled => " (cancelled)",
            QueryRunStatus.LimitReached => " (stopped at the row limit)",
            QueryRunStatus.Failed => " (failed)",
            _ => "",
        };
        return $" · {alerts}{ending}";
    }
}
