using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>One row of the suite: a figure, the baseline measured beside it in the same run, and its target (none for a baseline).</summary>
public sealed record SuiteRow(string Metric, double Value, string Unit, double? Baseline, string? BaselineName, string Target, bool? Met)
{
    public double? Ratio => Baseline is > 0 ? Value / Baseline : null;
}

/// <summary>Prints the suite's table and writes it as markdown and JSON.</summary>
public static class SuiteTable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Markdown(IReadOnlyList<SuiteRow> rows, DateTimeOffset at)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {at:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}.");
        text.AppendLine();
        text.AppendLine("| metric | value | baseline (same run) | ratio | target | result |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var baseline = row.Baseline is { } value ? $"{Format(value)} {row.Unit} ({row.BaselineName})" : "";
            var ratio = row.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Metric} | {Format(row.Value)} {row.Unit} | {baseline} | {ratio} | {row.Target} | {row.Met switch { true => "pass", false => "miss", null => "" }} |");
        }

        return text.ToString();
    }

    public static async Task WriteAsync(IReadOnlyList<SuiteRow> rows, string directory, CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        var markdown = Markdown(rows, at);
        Console.WriteLine(markdown);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "benchmark-suite.md"), markdown, cancellationToken);
        var json = JsonSerializer.Serialize(new { measuredAt = at, cores = Environment.ProcessorCount, rows }, Indented);
        await File.WriteAllTextAsync(Path.Combine(directory, "benchmark-suite.json"), json, cancellationToken);
        Console.WriteLine($"Written to {Path.GetFullPath(directory)}");
    }

    private static string Format(double value) => value.ToString(value >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture);
}
