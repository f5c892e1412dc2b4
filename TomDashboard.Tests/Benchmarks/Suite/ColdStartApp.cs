using System.Diagnostics;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>The app as it is deployed (dotnet publish -c Release, as the Dockerfile does), built once per suite run.</summary>
public static class ColdStartApp
{
    /// <param name="readyToRun">Also precompile to native code (crossgen2), so start-up JITs far less.</param>
    public static async Task<string> PublishAsync(string output, bool readyToRun, CancellationToken cancellationToken)
    {
        var project = FindProject();
        string[] arguments = ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet"];
        if (readyToRun)
        {
            arguments = [.. arguments, "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"];
        }

        var publish = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(publish) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed:\n{await stdout}\n{await stderr}");
        }

        return output;
    }

    /// <summary>TomDashboard/TomDashboard.csproj, found from the working directory upwards.</summary>
    private static string FindProject()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "TomDashboard", "TomDashboard.csproj");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Run the suite from the repository (TomDashboard/TomDashboard.csproj was not found above the working directory).");
    }
}
