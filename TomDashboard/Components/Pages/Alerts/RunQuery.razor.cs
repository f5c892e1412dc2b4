using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Data;
using TomDashboard.Queries;
using TomDashboard.Targets;

namespace TomDashboard.Components.Pages.Alerts;

/// <summary>Runs a saved query and streams its alerts into the grid while the broker is still answering.</summary>
public sealed partial class RunQuery : IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<GenericAlert> _received = [];
    private readonly List<BrokerFeedback> _feedback = [];
    private IReadOnlyList<GenericAlert> _alerts = [];
    private BrokerQuery? _query;
    private IBroker? _broker;
    private QueryRun? _run;
    private Task _work = Task.CompletedTask;
    private string? _notFound;
    private string? _problem;
    private string? _lastRunProblem;
    private bool _disposed;
    private long _renders;
    private long _rendersShown;
    private long _batchRender;
    private TaskCompletionSource? _batchShown;

    [Inject] private SavedQueries Queries { get; set; } = default!;

    [Inject] private TomDashboard.Accounts.CurrentViewer CurrentUser { get; set; } = default!;

    [Inject] private BrokerCatalog Catalog { get; set; } = default!;

    [Inject] private QueryRunner Runner { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    private bool IsRunning => _run is { Status: QueryRunStatus.Running };

    private string StatusText => _run?.Status switch
    {
        QueryRunStatus.Running => "Running",
        QueryRunStatus.Completed => "Finished",
        QueryRunStatus.Cancelled => "Cancelled",
        QueryRunStatus.LimitReached => "Stopped at the row limit",
        QueryRunStatus.Failed => "Failed",
        _ => "",
    };

    protected override async Task OnInitializedAsync()
    {
        var token = _lifetime.Token;
        _query = await Queries.FindAsync(Id, await CurrentUser.GetAsync(token), token);
        if (_query is null)
        {
            _notFound = $"There is no saved query with id {Id}. It may have been deleted.";
            return;
        }

        var entry = Catalog.Find(_query.Broker);
        if (entry is null || !entry.IsAvailable)
        {
            _problem = entry is null
                ? $"This query's broker, {_query.Broker}, is not registered any more."
                : entry.StatusText;
            return;
        }

        if (!BrokerParameters.TryDeserialize(_query.ParametersJson, entry.ParametersType, out var parameters, out var problem))
        {
            _problem = problem;
            return;
        }

        _broker = Catalog.Create(entry.Name);
        try
        {
            await Queries.MarkRunAsync(_query.Id, token);
        }
        catch (Exception exception) when (DatabaseBusy.Is(exception))
        {
            // Only the "last run" time is lost; the run itself needs no write, so it goes ahead.
            _lastRunProblem = $"{DatabaseBusy.Reason}, so this run is not recorded as the query's last run. The alerts below are not affected.";
        }

        _run = Runner.TryStart(await CurrentUser.GetAsync(token), _broker, parameters, token, out var refusal);
        if (_run is null)
        {
            _problem = refusal;
            return;
        }

        _work = Task.WhenAll(ShowBatchesAsync(_run, token), TickAsync(_run, token));
    }

    /// <summary>A render has reached the browser; the batch waiting on it (or on an earlier one) may draw the next.</summary>
    protected override Task OnAfterRenderAsync(bool firstRender)
    {
        _rendersShown++;
        if (_batchShown is { } shown && _rendersShown >= _batchRender)
        {
            _batchShown = null;
            shown.TrySetResult();
        }

        return Task.CompletedTask;
    }

    private void Cancel() => _lifetime.Cancel();

    private async Task ShowBatchesAsync(QueryRun run, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in run.ReadBatchesAsync(cancellationToken))
            {
                // The next batch is drawn once this one's render has reached the browser: at most one is pending.
                var shown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await InvokeAsync(() =>
                {
                    Apply(batch);
                    _batchShown = shown;
                    StateHasChanged();
                    // StateHasChanged rendered at once (nothing else renders inside this callback), as render number _renders.
                    _batchRender = _renders;
                });
                await shown.Task.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled by the user or by leaving the page; the rows already shown stay.
        }

        await run.Completion;
        await RecordRunEndAsync(run);
        if (!_disposed)
        {
            await InvokeAsync(StateHasChanged);
        }
    }

    /// <summary>Keeps the run's count and ending for the lists and the home; also when the page was left mid-run.</summary>
    private async Task RecordRunEndAsync(QueryRun run)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Queries.RecordRunEndAsync(_query!.Id, run.AlertCount, run.Status, timeout.Token);
        }
        catch (Exception exception) when (DatabaseBusy.Is(exception) || exception is OperationCanceledException)
        {
            // Only the remembered count is lost; the alerts on the page are not affected.
        }
    }

    private void Apply(IReadOnlyList<BrokerResult> batch)
    {
        foreach (var result in batch)
        {
            switch (result)
            {
                case AlertReceived received:
                    _received.Add(received.Alert);
                    break;
                case FeedbackReported reported:
                    _feedback.Add(reported.Feedback);
                    break;
            }
        }

        // A new list instance tells the grid its rows changed (a wrapper, not a copy).
        _alerts = _received.AsReadOnly();
    }

    /// <summary>Keeps the elapsed time moving while the broker is silent.</summary>
    private async Task TickAsync(QueryRun run, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (run.Status == QueryRunStatus.Running && await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }


    private string FormatElapsed()
    {
        if (_run is null)
        {
            return "";
        }

        var elapsed = _run.Elapsed;
        return string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes:00}:{elapsed.Seconds:00}.{elapsed.Milliseconds / 100} elapsed");
    }

    private static Severity SeverityOf(FeedbackSeverity severity) => severity switch
    {
        FeedbackSeverity.Error => Severity.Error,
        FeedbackSeverity.Warning => Severity.Warning,
        _ => Severity.Info,
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _lifetime.CancelAsync();
        try
        {
            await _work;
        }
        catch (OperationCanceledException)
        {
        }

        _lifetime.Dispose();
    }
}
