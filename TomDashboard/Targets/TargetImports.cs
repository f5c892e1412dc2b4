using System.Collections.Concurrent;
using TomDashboard.Alerts;

namespace TomDashboard.Targets;

public enum TargetImportState
{
    Running,
    Finished,
    Cancelled,
    Failed,
}

/// <summary>
/// One CSV import running in the background: its progress while it runs, and its per-row outcomes, kept after it
/// ends (until its user starts another or the app restarts), so leaving the page loses nothing.
/// </summary>
public sealed class TargetImportRun
{
    private readonly CancellationTokenSource _cancellation;
    private readonly List<TargetImportOutcome> _outcomes = [];
    private readonly Lock _gate = new();
    private int _created;
    private int _duplicates;
    private int _failed;
    private long _bytesRead;

    internal TargetImportRun(string fileName, long totalBytes, DateTimeOffset startedAt, CancellationToken stopping)
    {
        FileName = fileName;
        TotalBytes = totalBytes;
        StartedAt = startedAt;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    public string FileName { get; }

    public long TotalBytes { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? EndedAt { get; private set; }

    public TargetImportState State { get; private set; } = TargetImportState.Running;

    /// <summary>Why the import stopped early (the file could not be read, the store failed), for the page.</summary>
    public string? Problem { get; private set; }

    public int Created => Volatile.Read(ref _created);

    public int Duplicates => Volatile.Read(ref _duplicates);

    public int Failed => Volatile.Read(ref _failed);

    public int RowsDone => Created + Duplicates + Failed;

    /// <summary>The share of the file read so far, 0 to 1.</summary>
    public double Fraction => State == TargetImportState.Finished ? 1 : TotalBytes == 0 ? 0 : Math.Clamp((double)Volatile.Read(ref _bytesRead) / TotalBytes, 0, 1);

    internal CancellationToken Token => _cancellation.Token;

    /// <summary>Completes when the import has ended, however it ended.</summary>
    public Task Completion { get; internal set; } = Task.CompletedTask;

    /// <summary>The outcomes in line order: once ended, the run's own list; while running, a copy (the import goes on adding).</summary>
    public IReadOnlyList<TargetImportOutcome> Outcomes
    {
        get
        {
            lock (_gate)
            {
                return State == TargetImportState.Running ? [.. _outcomes] : _outcomes;
            }
        }
    }

    /// <summary>Stops the import after the batch it is writing: what was saved stays saved, and its outcomes stay listed.</summary>
    public void Cancel()
    {
        try
        {
            if (State == TargetImportState.Running)
            {
                _cancellation.Cancel();
            }
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile.
        }
    }

    internal void Add(IReadOnlyList<TargetImportOutcome> batch, long bytesRead)
    {
        lock (_gate)
        {
            _outcomes.AddRange(batch);
        }

        foreach (var outcome in batch)
        {
            _ = outcome.Status switch
            {
                TargetImportStatus.Created => Interlocked.Increment(ref _created),
                TargetImportStatus.Duplicate => Interlocked.Increment(ref _duplicates),
                _ => Interlocked.Increment(ref _failed),
            };
        }

        Volatile.Write(ref _bytesRead, bytesRead);
    }

    internal void End(TargetImportState state, DateTimeOffset at, string? problem = null)
    {
        lock (_gate)
        {
            (State, EndedAt, Problem) = (state, at, problem);
        }

        _cancellation.Dispose();
    }
}

/// <summary>
/// Runs CSV imports off the circuit, one at a time per user, so a file of 10^5 rows neither holds the page nor stops
/// when the page is left; the page shows the user's latest run, running or ended.
/// </summary>
public sealed class TargetImports(TargetCsv csv, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<TargetImports> logger)
{
    private readonly ConcurrentDictionary<string, TargetImportRun> _latest = new(StringComparer.Ordinal);

    /// <summary>The user's latest import, or null when they have not imported since the app started.</summary>
    public TargetImportRun? LatestOf(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return _latest.GetValueOrDefault(viewer.UserId);
    }

    /// <summary>Starts importing <paramref name="content"/> as <paramref name="importer"/>; refused while their previous import runs.</summary>
    public TargetImportStart Start(Viewer importer, string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(importer);
        ArgumentNullException.ThrowIfNull(content);
        var previous = _latest.GetValueOrDefault(importer.UserId);
        if (previous is { State: TargetImportState.Running })
        {
            return new TargetImportStart(previous, $"The import of {previous.FileName} is still running ({previous.RowsDone:N0} rows so far): cancel it or wait for it to end.");
        }

        var run = new TargetImportRun(fileName, content.Length, time.GetUtcNow(), lifetime.ApplicationStopping);
        if (previous is null ? !_latest.TryAdd(importer.UserId, run) : !_latest.TryUpdate(importer.UserId, run, previous))
        {
            // Another window of the same user started one at the same moment.
            run.End(TargetImportState.Cancelled, time.GetUtcNow());
            return new TargetImportStart(_latest[importer.UserId], "Another import was started at the same moment in another window.");
        }

        run.Completion = Task.Run(() => RunAsync(run, importer, content));
        return new TargetImportStart(run, null);
    }

    private async Task RunAsync(TargetImportRun run, Viewer importer, byte[] content)
    {
        using var input = new MemoryStream(content, writable: false);
        try
        {
            await csv.ImportAsync(input, importer, run.Token, batch => run.Add(batch, input.Position));
            run.End(TargetImportState.Finished, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            run.End(TargetImportState.Cancelled, time.GetUtcNow());
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "The CSV import of {File} failed", run.FileName);
            run.End(TargetImportState.Failed, time.GetUtcNow(), $"The import stopped: {exception.Message}");
        }
    }
}

/// <summary>The run a start gave: the new one, or (with <see cref="Refusal"/>) the one still running.</summary>
public sealed record TargetImportStart(TargetImportRun Run, string? Refusal);
