using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using TomDashboard.Components.Shared;
using TomDashboard.Targets;

namespace TomDashboard.Components.Pages.Targets;

/// <summary>Uploads a CSV of targets, imports every row through <see cref="TargetCsv"/>, and shows what became of each.</summary>
public sealed partial class TargetImport : IAsyncDisposable
{
    private const int ProgressEvery = 50;
    private readonly CancellationTokenSource _cancellation = new();
    private List<TargetImportOutcome>? _outcomes;
    private string? _fileName;
    private string? _problem;
    private bool _importing;
    private int _rowsDone;
    private Task? _running;
    private MudFileUpload<IBrowserFile>? _upload;

    [Inject] private TargetCsv Csv { get; set; } = default!;

    [Inject] private TomDashboard.Accounts.CurrentViewer CurrentUser { get; set; } = default!;

    [Inject] private TomDashboard.Targets.TargetLists Lists { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private ILogger<TargetImport> Logger { get; set; } = default!;

    /// <summary>The targets the file named: those it created and those its rows matched.</summary>
    private List<long> TargetIds => [.. (_outcomes ?? []).Where(outcome => outcome.TargetId is not null).Select(outcome => outcome.TargetId!.Value).Distinct()];

    private int Count(TargetImportStatus status) => _outcomes?.Count(outcome => outcome.Status == status) ?? 0;

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

    private Task ImportAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return Task.CompletedTask;
        }

        _running = RunImportAsync(file);
        return _running;
    }

    private async Task RunImportAsync(IBrowserFile file)
    {
        _problem = null;
        _outcomes = null;
        _fileName = file.Name;
        if (file.Size > TargetCsv.MaxImportBytes)
        {
            _problem = $"{file.Name} is {file.Size / (1024.0 * 1024.0):0.0} MB; files up to {TargetCsv.MaxImportBytes / (1024 * 1024)} MB can be imported.";
            return;
        }

        _importing = true;
        _rowsDone = 0;
        var cancellationToken = _cancellation.Token;
        try
        {
            using var buffer = new MemoryStream();
            await using (var upload = file.OpenReadStream(TargetCsv.MaxImportBytes, cancellationToken))
            {
                await upload.CopyToAsync(buffer, cancellationToken);
            }

            buffer.Position = 0;
            // Progress<T> reports on the circuit's synchronisation context; a render every few rows, not one per row.
            var progress = new Progress<int>(rows =>
            {
                _rowsDone = rows;
                if (rows % ProgressEvery == 0 && !_cancellation.IsCancellationRequested)
                {
                    StateHasChanged();
                }
            });
            _outcomes = [.. await Csv.ImportAsync(buffer, await CurrentUser.GetAsync(cancellationToken), cancellationToken, progress)];
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was left; nothing to show.
        }
        catch (IOException exception)
        {
            Logger.LogWarning(exception, "Reading the upload {File} failed", file.Name);
            _problem = $"{file.Name} could not be read: {exception.Message}";
        }
        finally
        {
            _importing = false;
        }

        // Forget the chosen file, so that choosing the same file again (after fixing it) imports it again.
        if (_upload is not null && !cancellationToken.IsCancellationRequested)
        {
            await _upload.ClearAsync();
        }
    }

    private async Task AddToListAsync()
    {
        // Taken before the dialog: the page may close while it is open, and a disposed source has no token to give.
        var cancellationToken = _cancellation.Token;
        var ids = TargetIds;
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
        await _cancellation.CancelAsync();
        if (_running is not null)
        {
            // The import stops at its next row; it catches its own cancellation.
            await _running;
        }

        _cancellation.Dispose();
    }
}
