using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// Metric 8: the published app started as its own process on a free port with a fresh SQLite file (so migrations
/// run), timed until GET / returns the app's HTML and until chromium shows the first page the circuit rendered (setup, on a fresh install).
/// Median of several starts; chromium is launched beforehand, so its own start is not counted.
/// </summary>
public sealed class ColdStartSection : ISuiteSection
{
    private const int Starts = 5;

    private static readonly string[] ChromiumArguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public string Name => "coldstart";

    public async Task<IReadOnlyList<SuiteRow>> RunAsync(SuiteSettings settings, CancellationToken cancellationToken)
    {
        var app = await ColdStartApp.PublishAsync(Path.Combine(Path.GetFullPath(settings.OutputDirectory), "coldstart-app"), readyToRun: false, cancellationToken);
        var precompiled = await ColdStartApp.PublishAsync(Path.Combine(Path.GetFullPath(settings.OutputDirectory), "coldstart-app-r2r"), readyToRun: true, cancellationToken);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArguments });

        var listening = new List<double>();
        var served = new List<double>();
        var rendered = new List<double>();
        var precompiledRendered = new List<double>();
        // One start of each first, not counted: the OS file cache then holds the app, as it would after an install.
        // The two builds alternate, so both see the same machine.
        for (var start = 0; start <= Starts; start++)
        {
            var plain = await StartOnceAsync(app, browser, cancellationToken);
            var r2r = await StartOnceAsync(precompiled, browser, cancellationToken);
            if (start > 0)
            {
                listening.Add(plain.ListeningMs);
                served.Add(plain.HtmlMs);
                rendered.Add(plain.PageMs);
                precompiledRendered.Add(r2r.PageMs);
            }

            Console.WriteLine($"start {start}: listening {plain.ListeningMs:N0} ms, HTML {plain.HtmlMs:N0} ms, page {plain.PageMs:N0} ms; " +
                $"ReadyToRun: listening {r2r.ListeningMs:N0} ms, HTML {r2r.HtmlMs:N0} ms, page {r2r.PageMs:N0} ms{(start == 0 ? " (warm-up)" : "")}");
        }

        var listeningMedian = SuiteStatistics.Median(listening) / 1000;
        var servedMedian = SuiteStatistics.Median(served) / 1000;
        var renderedMedian = SuiteStatistics.Median(rendered) / 1000;
        var precompiledMedian = SuiteStatistics.Median(precompiledRendered) / 1000;
        return
        [
            new($"Cold start, Kestrel listening (host built, migrations applied; median of {Starts})", listeningMedian, "s", null, null, "baseline", null),
            new($"Cold start, GET / returns the app's HTML (fresh SQLite, median of {Starts})", servedMedian, "s", null, null, "baseline", null),
            new($"Cold start to the first rendered page (chromium sees the setup page of a fresh install, median of {Starts})", renderedMedian, "s", servedMedian, "HTML served",
                "≤ 3 s", renderedMedian <= 3),
            new($"Cold start to the first rendered page, published ReadyToRun (median of {Starts})", precompiledMedian, "s", renderedMedian, "plain publish",
                "≤ 3 s", precompiledMedian <= 3),
        ];
    }

    private static async Task<(double ListeningMs, double HtmlMs, double PageMs)> StartOnceAsync(string app, IBrowser browser, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("tomdashboard-coldstart-");
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}/";
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(app, "TomDashboard.dll"), "--urls", address])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__TomDashboard"] = $"Data Source={Path.Combine(data.FullName, "fresh.db")}";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new System.Text.StringBuilder();
        var listeningMs = double.NaN;
        process.OutputDataReceived += (_, line) =>
        {
            if (double.IsNaN(listeningMs) && line.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listeningMs = clock.Elapsed.TotalMilliseconds;
            }

            output.AppendLine(line.Data);
        };
        process.ErrorDataReceived += (_, line) => output.AppendLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            double html;
            while (true)
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"The app did not answer within {clock.Elapsed.TotalSeconds:N0} s:\n{output}");
                }

                try
                {
                    var body = await http.GetStringAsync(address, cancellationToken);
                    if (body.Contains("blazor.web", StringComparison.Ordinal))
                    {
                        html = clock.Elapsed.TotalMilliseconds;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(20, cancellationToken);
            }

            await page.GotoAsync(address);
            // A fresh install's first page is the setup page, drawn by the circuit (prerendering is off).
            await page.GetByText("Welcome to TomDashboard").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            return (listeningMs, html, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            await context.DisposeAsync();
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
