using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Microsoft.Playwright;
using TomDashboard.Alerts;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>One page with the alert grid (Live, or the home's newest alerts) fed at a fixed rate: hub-to-DOM latency, circuit bytes and renders.</summary>
public sealed record LiveRateResult(
    double TargetRate, double AchievedRate, long Published, long PageTotal, int Unrendered, bool Skipped,
    double MedianLatencyMs, double P99LatencyMs, double RendersPerSecond, double BytesPerRender, double BytesPerSecond, double ServerCpuCores);

/// <summary>Server heap with many Live pages open, filled, and closed again.</summary>
public sealed record LiveMemoryResult(
    int Pages, int FilledPages, int CrashedPages, int SubscribersAtEnd, int Rows, double BaselineMb, double HomePerPageKb, double IdlePerPageKb, double FilledPerPageKb, double SecondsToReturn, double RemainingMbAt60s);

public static class LiveMeasurement
{
    // The page marks each render with the newest row on top: [time (Unix ms), sequence]. Row names are "L<sequence>".
    private const string Observer = """
        window.__liveMarks = [];
        new MutationObserver(() => {
          const top = document.querySelector('tr.alert-row [data-column="name"]');
          if (!top) return;
          const match = /^L(\d+)$/.exec(top.textContent.trim());
          if (!match) return;
          const sequence = Number(match[1]);
          const marks = window.__liveMarks;
          if (marks.length === 0 || marks[marks.length - 1][1] < sequence) marks.push([performance.timeOrigin + performance.now(), sequence]);
        }).observe(document, { childList: true, subtree: true, characterData: true });
        """;

    private static readonly byte[] RenderAck = Encoding.ASCII.GetBytes("OnRenderCompleted");

    private static long _sequence;

    public static GenericAlert Alert(long sequence, DateTimeOffset now) => new()
    {
        Id = $"L{sequence}",
        Name = $"L{sequence}",
        Source = "Bench",
        Topic = "bench_topic",
        Ra = (sequence * 0.37) % 360,
        Dec = ((sequence * 0.11) % 180) - 90,
        Mag = 18.5,
        Score = 0.9,
        Timestamp = now.AddMinutes(-3),
        ReceivedAt = now,
    };

    public const string LivePage = "alerts/live";

    /// <summary>The home page: its newest-alerts panel is the same grid, so the same marks apply; it keeps no running total.</summary>
    public const string HomePage = "";

    public static async Task<LiveRateResult> RateAsync(LiveServer server, double rate, TimeSpan duration, CancellationToken cancellationToken, string path = LivePage)
    {
        await using var context = await server.NewContextAsync();
        await context.AddInitScriptAsync(Observer);
        var page = await context.NewPageAsync();
        long receivedBytes = 0;
        long renders = 0;
        var counting = false;
        page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, frame) =>
            {
                if (Volatile.Read(ref counting))
                {
                    Interlocked.Add(ref receivedBytes, frame.Binary?.Length ?? Encoding.UTF8.GetByteCount(frame.Text ?? ""));
                }
            };
            socket.FrameSent += (_, frame) =>
            {
                if (Volatile.Read(ref counting) && frame.Binary is { } bytes && bytes.AsSpan().IndexOf(RenderAck) >= 0)
                {
                    Interlocked.Increment(ref renders);
                }
            };
        };
        await page.GotoAsync(path);
        await page.GetByText("Waiting for alerts").WaitForAsync();

        var first = Interlocked.Read(ref _sequence) + 1;
        var count = (long)(rate * duration.TotalSeconds);
        var publishedAt = new double[count];
        var cpuBefore = Environment.CpuUsage.TotalTime;
        Volatile.Write(ref counting, true);
        var clock = Stopwatch.StartNew();
        await Task.Run(() => Publish(server, first, publishedAt, rate, cancellationToken), cancellationToken);
        var publishSeconds = clock.Elapsed.TotalSeconds;
        // The last batch: one render interval and its trip to the browser.
        await page.WaitForFunctionAsync($"() => window.__liveMarks.length > 0 && window.__liveMarks[window.__liveMarks.length - 1][1] >= {first + count - 1}",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 }).ContinueWith(_ => { }, TaskScheduler.Default);
        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref counting, false);
        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds / seconds;

        var marks = await page.EvaluateAsync<double[][]>("() => window.__liveMarks");
        var latencies = new List<double>((int)count);
        var markIndex = 0;
        var unrendered = 0;
        for (var index = 0; index < count; index++)
        {
            var sequence = first + index;
            while (markIndex < marks.Length && marks[markIndex][1] < sequence)
            {
                markIndex++;
            }

            if (markIndex == marks.Length)
            {
                unrendered++;
                continue;
            }

            latencies.Add(marks[markIndex][0] - publishedAt[index]);
        }

        var pageTotal = count;
        if (path == LivePage)
        {
            var totalText = await page.GetByTestId("live-total").TextContentAsync() ?? "";
            pageTotal = long.Parse(totalText.Replace(" total", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }

        var skipped = await page.GetByText("skipped").CountAsync() > 0;
        var rendersCounted = Math.Max(1, Interlocked.Read(ref renders));
        return new LiveRateResult(
            rate, count / publishSeconds, count, pageTotal, unrendered, skipped,
            SuiteStatistics.Median(latencies), SuiteStatistics.Quantile(latencies, 0.99),
            rendersCounted / seconds, Interlocked.Read(ref receivedBytes) / (double)rendersCounted, Interlocked.Read(ref receivedBytes) / seconds, cpu);
    }

    private static void Publish(LiveServer server, long first, double[] publishedAt, double rate, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long published = 0;
        while (published < publishedAt.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = Math.Min(publishedAt.Length, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
            while (published < due)
            {
                var now = DateTimeOffset.UtcNow;
                publishedAt[published] = now.ToUnixTimeMilliseconds() + ((now.Ticks % TimeSpan.TicksPerMillisecond) / (double)TimeSpan.TicksPerMillisecond);
                server.Hub.Publish(Alert(first + published, now));
                published++;
            }

            Interlocked.Exchange(ref _sequence, first + published - 1);
            Thread.Sleep(1);
        }
    }

    /// <summary>Managed heap after a forced, compacting full collection, in bytes.</summary>
    public static long Heap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static async Task<LiveMemoryResult> MemoryAsync(LiveServer server, int pageCount, int rows, CancellationToken cancellationToken)
    {
        // Warm up: one page opened and closed, so start-up caches are in the baseline, not in the first page's figure.
        await using (var warm = await server.NewContextAsync())
        {
            var page = await warm.NewPageAsync();
            await page.GotoAsync("alerts/live");
            await page.GetByText("Waiting for alerts").WaitForAsync();
            await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        }

        await WaitForSubscribersAsync(server, 0, cancellationToken);
        var baseline = Heap();

        // What any circuit costs: the same number of pages on the home page, measured beside the Live pages.
        var homeContext = await server.NewContextAsync();
        for (var index = 0; index < pageCount; index++)
        {
            var page = await homeContext.NewPageAsync();
            await page.GotoAsync(HomePage);
            await page.GetByText("Waiting for alerts").WaitForAsync();
        }

        // Each home page holds its one hub subscription, like a Live page.
        await WaitForSubscribersAsync(server, pageCount, cancellationToken);
        var home = Heap();
        await homeContext.DisposeAsync();
        await WaitForSubscribersAsync(server, 0, cancellationToken);
        await Task.Delay(2_000, cancellationToken);
        baseline = Math.Min(baseline, Heap());

        var context = await server.NewContextAsync();
        var pages = new List<IPage>();
        // Chromium may kill a tab (e.g. out of memory): counted and reported, not a failed run.
        var crashedPages = 0;
        for (var index = 0; index < pageCount; index++)
        {
            var page = await context.NewPageAsync();
            page.Crash += (_, _) => Interlocked.Increment(ref crashedPages);
            await page.GotoAsync("alerts/live");
            await page.GetByText("Waiting for alerts").WaitForAsync();
            pages.Add(page);
        }

        await WaitForSubscribersAsync(server, pageCount, cancellationToken);
        var idle = Heap();

        // Fill every page's buffer, in steps each page can draw without losing any.
        var first = Interlocked.Read(ref _sequence) + 1;
        for (var published = 0; published < rows;)
        {
            var step = Math.Min(500, rows - published);
            var now = DateTimeOffset.UtcNow;
            for (var index = 0; index < step; index++)
            {
                server.Hub.Publish(Alert(first + published + index, now));
            }

            published += step;
            await Task.Delay(400, cancellationToken);
        }

        Interlocked.Exchange(ref _sequence, first + rows - 1);
        // A page that never shows all rows is counted, not waited for forever.
        var expected = $"{rows:N0} total";
        var filledPages = 0;
        foreach (var page in pages)
        {
            try
            {
                await Assertions.Expect(page.GetByTestId("live-total")).ToHaveTextAsync(expected, new() { Timeout = 30_000 });
                filledPages++;
            }
            catch (PlaywrightException)
            {
            }
        }

        var filled = Heap();
        foreach (var page in pages.Where(page => !page.IsClosed))
        {
            try
            {
                await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
            }
            catch (PlaywrightException)
            {
                // Closed by chromium meanwhile.
            }
        }

        await context.DisposeAsync();
        var closedAt = Stopwatch.StartNew();
        var excess = filled - baseline;
        double returned = double.NaN;
        long last = filled;
        while (closedAt.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(2_000, cancellationToken);
            last = Heap();
            // Back: within a tenth of what the pages took.
            if (last - baseline <= excess / 10)
            {
                returned = closedAt.Elapsed.TotalSeconds;
                break;
            }
        }

        const double Kb = 1024;
        return new LiveMemoryResult(pageCount, filledPages, crashedPages, server.Hub.Subscribers, rows, baseline / Kb / Kb, (home - baseline) / Kb / pageCount, (idle - baseline) / Kb / pageCount, (filled - baseline) / Kb / pageCount,
            returned, (last - baseline) / Kb / Kb);
    }

    private static async Task WaitForSubscribersAsync(LiveServer server, int subscribers, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (server.Hub.Subscribers != subscribers && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, cancellationToken);
        }
    }
}
