using TomDashboard.Data;
using TomDashboard.Streams;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// The ingest path on each store and with two instances: the same ZTF packets through the mock cluster into SQLite,
/// into PostgreSQL, and into PostgreSQL by two instances sharing the consumer group (two sets of services in this
/// process, on the same cores). PostgreSQL is a local server with fsync on, as SQLite syncs its commits. Medians of
/// three runs, alternated so the machine's noise falls on all of them.
/// </summary>
public sealed class ScaleOutSection : ISuiteSection
{
    public string Name => "scaleout";

    public async Task<IReadOnlyList<SuiteRow>> RunAsync(SuiteSettings settings, CancellationToken cancellationToken)
    {
        // A server of the suite's own, durable as deployed (fsync on), not CI's one without fsync.
        Environment.SetEnvironmentVariable(TomDashboard.Tests.Fakes.PostgresServer.ConnectionVariable, null);
        TomDashboard.Tests.Fakes.PostgresServer.Durable = true;
        var messages = settings.Messages;
        var packets = ZtfPackets.Distinct(messages);
        var rates = new Dictionary<(HandlerAction, DatabaseProvider, int), List<double>>();
        (HandlerAction Action, DatabaseProvider Provider, int Instances)[] cases =
        [
            (HandlerAction.ShowOnly, DatabaseProvider.Sqlite, 1), (HandlerAction.ShowOnly, DatabaseProvider.Postgres, 1), (HandlerAction.ShowOnly, DatabaseProvider.Postgres, 2),
            (HandlerAction.CreateTarget, DatabaseProvider.Sqlite, 1), (HandlerAction.CreateTarget, DatabaseProvider.Postgres, 1), (HandlerAction.CreateTarget, DatabaseProvider.Postgres, 2),
        ];
        for (var run = 0; run < 3; run++)
        {
            foreach (var each in cases)
            {
                var measured = await IngestMeasurement.MessagesPerSecondAsync(packets, messages, each.Action, cancellationToken, each.Provider, each.Instances);
                (rates.TryGetValue(each, out var list) ? list : rates[each] = []).Add(measured.MessagesPerSecond);
                Console.WriteLine($"run {run + 1}: {each.Action} on {each.Provider}, {each.Instances} instance(s): {measured.MessagesPerSecond:N0} msg/s");
            }
        }

        double Rate(HandlerAction action, DatabaseProvider provider, int instances) => SuiteStatistics.Median(rates[(action, provider, instances)]);
        var rows = new List<SuiteRow>();
        foreach (var action in new[] { HandlerAction.ShowOnly, HandlerAction.CreateTarget })
        {
            var sqlite = Rate(action, DatabaseProvider.Sqlite, 1);
            var postgres = Rate(action, DatabaseProvider.Postgres, 1);
            var two = Rate(action, DatabaseProvider.Postgres, 2);
            rows.Add(new($"Ingest {action}, one instance on SQLite ({messages:N0} ZTF packets)", sqlite, "msg/s", null, null, "baseline", null));
            rows.Add(new($"Ingest {action}, one instance on PostgreSQL", postgres, "msg/s", sqlite, "SQLite", "report", null));
            rows.Add(new($"Ingest {action}, two instances on PostgreSQL, one consumer group (sum)", two, "msg/s", postgres, "one instance", "report: grows with instances where cores allow", null));
            rows.Add(new($"Ingest {action}, two instances on PostgreSQL, per instance", two / 2, "msg/s", postgres, "one instance", "report", null));
        }

        return rows;
    }
}
