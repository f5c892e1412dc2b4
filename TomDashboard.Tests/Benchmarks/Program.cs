using BenchmarkDotNet.Running;

namespace TomDashboard.Benchmarks;

public static class BenchmarkProgram
{
    // dotnet run -c Release --project TomDashboard.Tests/Benchmarks -- --filter '*'
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
