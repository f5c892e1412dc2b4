using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using TomDashboard.Components.Shared;
using TomDashboard.Targets;

namespace TomDashboard.Components.Pages.Targets;

/// <summary>
/// Uploads a CSV of targets and hands it to <see cref="TargetImports"/>, which imports it in the background; shows the
/// user's latest import, with its progress and Cancel while it runs and what became of each row once it has ended.
/// </summary>
public sealed partial class TargetImport : IAsyncDisposable
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);
    private const int UploadChunkBytes = 256 * 1024;
    private readonly CancellationTokenSource _cancellation = new();
    private TargetImportRun? _run;
    private IReadOnlyList<TargetImportOutcome> _shown = [];
    private List<long> _targetIds = [];
    private bool _onlyNotCreated;
    private string? _fileName;
    private string? _problem;
    private long? _uploadedBytes;
    private long _uploadBytes;
    private Task? _watching;
    private MudFileUpload<IBrowserFile>? _upload;

    [Inject] private TargetImports Imports { get; set; } = default!;

    [Inject] private TomDashboard.Accounts.CurrentViewer CurrentUser { get; set; } = default!;

    [Inject] private TomDashboard.Targets.TargetLists Lists { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private ILogger<TargetImport> Logger { get; set; } = default!;

    private bool Busy => _uploadedBytes is not null || _run is { State: TargetImportState.Running };

    protected override async Task OnInitializedAsync()
    {
        // The import outlives the page: coming back shows it, still running or ended.
        if (Imports.LatestOf(await CurrentUser.GetAsync(_cancellation.Token)) is { } latest)
        {
            Show(latest);
        }
    }

    private static Color ColorOf(TargetImportStatus status) => status switch
    {
        TargetImportStatus.Created => Color.Success,
        TargetImportStatus.Duplicate => Color.Warning,
        _ => Color.Error,
    };

    private static string LabelOf(TargetImportStatus status) => status switch
    {
        TargetImportStatus.Created => "Created",
        TargetImportStatus.Duplicate => "Already there",
        _ => "Failed",
    };

    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        _problem = null;
        _fileName = file.Name;
        if (file.Size > TargetCsv.MaxImportBytes)
        {
            _problem = $"{file.Name} is {file.Size / (1024.0 * 1024.0):0.0} MB; files up to {TargetCsv.MaxImportBytes / (1024 * 1024)} MB can be imported.";
            return;
        }

        var cancellationToken = _cancellation.Token;
        byte[] content;
        try
        {
            content = await UploadAsync(file, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (IOException exception)
        {
            Logger.LogWarning(exception, "Reading the upload {File} failed", file.Name);
            _problem = $"{file.Name} could not be read: {exception.Message}";
            return;
        }
        finally
        {
            _uploadedBytes = null;
        }

        var started = Imports.Start(await CurrentUser.GetAsync(cancellationToken), file.Name, content);
        if (started.Refusal is { } refusal)
        {
            Snackbar.Add(refusal, Severity.Warning);
        }

        Show(started.Run);
        // Forget the chosen file, so that choosing the same file again (after fixing it) imports it again.
        if (_upload is not null)
        {
            await _upload.ClearAsync();
        }
    }

    /// <summary>The file's bytes over the circuit, with the share uploaded on the page.</summary>
    private async Task<byte[]> UploadAsync(IBrowserFile file, CancellationToken cancellationToken)
    {
        (_uploadBytes, _uploadedBytes) = (file.Size, 0);
        var content = new byte[file.Size];
        await using var upload = file.OpenReadStream(TargetCsv.MaxImportBytes, cancellationToken);
        var lastRender = TimeSpan.Zero;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int read;
        while (_uploadedBytes < content.Length
               && (read = await upload.ReadAsync(content.AsMemory((int)_uploadedBytes.Value, (int)Math.Min(UploadChunkBytes, content.Length - _uploadedBytes.Value)), cancellationToken)) > 0)
        {
            _uploadedBytes += read;
            if (clock.Elapsed - lastRender > ProgressEvery)
            {
                lastRender = clock.Elapsed;
                StateHasChanged();
            }
        }

        return _uploadedBytes == content.Length ? content : content[..(int)_uploadedBytes.Value];
    }

    /// <summary>Shows a run, and re-renders its progress every quarter second while it runs.</summary>
    private void Show(TargetImportRun run)
    {
        _run = run;
        _fileName = run.FileName;
        if (run.State == TargetImportState.Running)
        {
            _watching ??= WatchAsync();
        }
        else
        {
            Ended(run);
        }
    }

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        try
        {
            while (_run is { State: TargetImportState.Running } && await timer.WaitForNextTickAsync(_cancellation.Token))
            {
                if (_run.State != TargetImportState.Running)
                {
                    Ended(_run);
                }

                StateHasChanged();
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left; the import goes on.
        }
        finally
        {
            _watching = null;
        }
    }

    private void Ended(TargetImportRun run)
    {
        var outcomes = run.Outcomes;
        _targetIds = [.. outcomes.Where(outcome => outcome.TargetId is not null).Select(outcome => outcome.TargetId!.Value).Distinct()];
        _shown = _onlyNotCreated ? [.. outcomes.Where(outcome => outcome.Status != TargetImportStatus.Created)] : outcomes;
    }

    private void ShowOnlyNotCreated(bool only)
    {
        _onlyNotCreated = only;
        if (_run is { State: not TargetImportState.Running } run)
        {
            Ended(run);
        }
    }

    private async Task AddToListAsync()
    {
        // Taken before the dialog: the page may close while it is open, and a disposed source has no token to give.
        var cancellationToken = _cancellation.Token;
        var ids = _targetIds;
        var list = await AddToListDialog.ShowAsync(Dialogs, ids.Count == 1 ? "1 target" : $"{ids.Count} targets");
        if (list is null)
        {
            return;
        }

        var added = await Lists.AddAsync(list.Id, ids, await CurrentUser.GetAsync(cancellationToken), cancellationToken);
        Snackbar.Add(added.Message, added.Succeeded ? Severity.Success : Severity.Warning);
    }

    public async ValueTask DisposeAsync()
    {
        // Stops the upload and the progress display, not the import: it runs on, for the next visit to show.
        await _cancellation.CancelAsync();
        if (_watching is not null)
        {
            await _watching;
        }

        _cancellation.Dispose();
    }
}
