using BenchmarkDotNet.Running;
using TomDashboard.Benchmarks.Suite;

namespace TomDashboard.Benchmarks;

public static class BenchmarkProgram
{
    // dotnet run -c Release --project TomDashboard.Tests/Benchmarks -- --table     (the suite's table)
    // dotnet run -c Release --project TomDashboard.Tests/Benchmarks -- --filter '*' (BenchmarkDotNet micro-benchmarks)
    public static async Task Main(string[] args)
    {
        if (args.Contains("--table"))
        {
            await RunSuiteAsync(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }

    // Each section adds its rows to the one table; add a new section here.
    private static readonly ISuiteSection[] Sections = [new IngestSection(), new LiveSection(), new QueryRunSection(), new TargetsSection(), new ImportSection(), new ColdStartSection(), new ScaleOutSection()];

    // --only ingest,live  runs those sections alone; --messages N sets the ingest size (10,000 by default);
    // --live-seconds N shortens the live section's 60 s runs.
    private static async Task RunSuiteAsync(string[] args)
    {
        var messages = ArgumentAfter(args, "--messages") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var output = ArgumentAfter(args, "--out") ?? "BenchmarkDotNet.Artifacts/suite";
        var only = ArgumentAfter(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var settings = new SuiteSettings(messages, output);
        var rows = new List<SuiteRow>();
        foreach (var section in Sections.Where(section => only is null || only.Contains(section.Name, StringComparer.OrdinalIgnoreCase)))
        {
            Console.WriteLine($"== {section.Name}");
            rows.AddRange(await section.RunAsync(settings, CancellationToken.None));
        }

        await SuiteTable.WriteAsync(rows, output, CancellationToken.None);
    }

    private static string? ArgumentAfter(string[] args, string name) =>
        Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
