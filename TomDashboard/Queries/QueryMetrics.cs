using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TomDashboard.Queries;

/// <summary>Query runs, counted: how each ended, and how long the first row took to reach the page.</summary>
public sealed class QueryMetrics
{
    public const string MeterName = "TomDashboard.Queries";
    public const string RunsName = "tomdashboard.query.runs";
    public const string FirstRowName = "tomdashboard.query.first_row.duration";

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _firstRow;

    public Meter Meter { get; }

    public QueryMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = Meter = meters.Create(MeterName);
        _runs = meter.CreateCounter<long>(RunsName, "{run}", "Query runs, by broker and how they ended");
        _firstRow = meter.CreateHistogram<double>(FirstRowName, "s", "From the start of a query run to its first alert handed to the page");
    }

    public void RunEnded(string broker, QueryRunStatus status) =>
        _runs.Add(1, new TagList { { "broker", broker }, { "status", status.ToString() } });

    public void FirstRow(string broker, TimeSpan elapsed) =>
        _firstRow.Record(elapsed.TotalSeconds, new TagList { { "broker", broker } });
}
