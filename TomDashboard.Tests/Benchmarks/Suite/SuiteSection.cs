namespace TomDashboard.Benchmarks.Suite;

/// <summary>What every section of the suite is given: the command line's sizes and where to write.</summary>
public sealed record SuiteSettings(int Messages, string OutputDirectory);

/// <summary>
/// One part of the suite (ingest, live page, query runs, …). Each measures its own baseline in the same run and
/// returns its rows; the program prints them as one table.
/// </summary>
public interface ISuiteSection
{
    /// <summary>The name <c>--only</c> selects it by.</summary>
    string Name { get; }

    Task<IReadOnlyList<SuiteRow>> RunAsync(SuiteSettings settings, CancellationToken cancellationToken);
}

/// <summary>Medians, the suite's one statistic.</summary>
public static class SuiteStatistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), nearest rank.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}

/// <summary>What the sections that drive the app in chromium share.</summary>
public static class SuiteSections
{
    /// <summary>The app in this process (so its heap can be read after a full GC), with no streams, and chromium.</summary>
    public static Task<TomDashboard.Tests.Fakes.InProcessDashboard> StartAppAsync(string section, IReadOnlyDictionary<string, string?> settings)
    {
        if (!TomDashboard.Tests.Fakes.InProcessDashboard.ChromiumInstalled)
        {
            throw new InvalidOperationException($"The {section} section drives Debian's chromium at {TomDashboard.Tests.Fakes.InProcessDashboard.ChromiumPath}: apt-get install -y chromium.");
        }

        return TomDashboard.Tests.Fakes.InProcessDashboard.StartAsync(
            new Dictionary<string, string?>(settings) { ["Streams:0:Active"] = "false" }, Microsoft.Extensions.Logging.LogLevel.Warning);
    }
}
