using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Data;
using TomDashboard.Targets;

namespace TomDashboard.Components.Shared;

public sealed partial class AlertGrid : IDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly PageLifetime _lifetime = new();
    private readonly HashSet<GenericAlert> _pending = new(AlertKeyComparer.Instance);
    private readonly Dictionary<GenericAlert, TargetCreation> _outcomes = new(AlertKeyComparer.Instance);
    private HashSet<GenericAlert> _selected = new(AlertKeyComparer.Instance);
    private bool _bulkRunning;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private TargetLists Lists { get; set; } = default!;

    [Inject] private AlertTargetActions Actions { get; set; } = default!;

    [Inject] private TomDashboard.Accounts.CurrentViewer CurrentUser { get; set; } = default!;

    /// <summary>The rows. Pass a new list instance when rows were added, so the grid sees the change.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<GenericAlert> Alerts { get; set; }

    /// <summary>What the score means, shown as the Score header's tooltip.</summary>
    [Parameter] public string ScoreDescription { get; set; } = "The broker's score.";

    /// <summary>What each row's target is (its source: a broker run, the live hub); written through the target writer.</summary>
    [Parameter, EditorRequired] public required IAlertTargets Targets { get; set; }

    [Parameter] public RenderFragment? ToolBarContent { get; set; }

    /// <summary>Stream alerts: show stream, topic and latency (observed → received → shown).</summary>
    [Parameter] public bool ShowStreamColumns { get; set; }

    /// <summary>Cutouts and photometry for View, when the alert came with them.</summary>
    [Parameter] public Func<GenericAlert, LiveAlertDetails?>? DetailsOf { get; set; }

    /// <summary>When each row was first shown, for the latency column, if the owner keeps it apart from the alert.</summary>
    [Parameter] public Func<GenericAlert, DateTimeOffset?>? ShownAtOf { get; set; }

    [Parameter] public string Height { get; set; } = "65vh";

    [Parameter] public string EmptyText { get; set; } = "No alerts yet.";

    private const float RowHeight = 50;

    public void Dispose()
    {
        _lifetime.Dispose();
    }

    private void OnSelectionChanged(HashSet<GenericAlert> selected) => _selected = selected;

    /// <summary>Create target: a match with an existing target is offered to open, merge into, or create anyway.</summary>
    private async Task CreateOneAsync(GenericAlert alert)
    {
        var outcome = await RunAsync(alert, async token => await Actions.WriteAsync(Targets, alert, DuplicatePolicy.Refuse, await CurrentUser.GetAsync(token), token));
        if (outcome is TargetAlreadyExists match)
        {
            outcome = await OfferAsync(alert, match) ?? outcome;
        }

        if (outcome is not null)
        {
            Snackbar.Add(Notice(outcome), SeverityOf(outcome));
        }
    }

    /// <summary>The duplicate chip of a row reopens the offer.</summary>
    private async Task ResolveDuplicateAsync(GenericAlert alert, TargetAlreadyExists match)
    {
        if (await OfferAsync(alert, match) is { } outcome)
        {
            Snackbar.Add(Notice(outcome), SeverityOf(outcome));
        }
    }

    /// <summary>
    /// Adds the selected rows' targets to a list: each row's target is created first, or the existing target it
    /// matches is used (nothing is merged without asking).
    /// </summary>
    private async Task AddSelectedToListAsync()
    {
        var rows = _selected.ToList();
        if (await AddToListDialog.ShowAsync(Dialogs, rows.Count == 1 ? rows[0].Name : $"{rows.Count} alerts") is not { } list)
        {
            return;
        }

        _bulkRunning = true;
        var ids = new List<long>();
        try
        {
            foreach (var alert in rows)
            {
                var outcome = _outcomes.GetValueOrDefault(alert) is TargetCreated or TargetMerged or TargetAlreadyExists
                    ? _outcomes[alert]
                    : await RunAsync(alert, async token => await Actions.WriteAsync(Targets, alert, DuplicatePolicy.Refuse, await CurrentUser.GetAsync(token), token));
                if (TargetCreation.TargetIdOf(outcome) is { } id)
                {
                    ids.Add(id);
                }
            }
        }
        finally
        {
            _bulkRunning = false;
        }

        TargetListAddition added;
        try
        {
            added = await Lists.AddAsync(list.Id, ids, await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
        }
        catch (OperationCanceledException) when (_lifetime.IsClosed)
        {
            return;
        }
        catch (Exception exception) when (DatabaseBusy.Is(exception))
        {
            Snackbar.Add($"Not added to {list.Name}: {DatabaseBusy.Message}", Severity.Warning);
            return;
        }

        var unplaced = rows.Count - ids.Count;
        Snackbar.Add(
            added.Problem ?? $"{added.Added} targets added to {added.ListName}; {added.AlreadyMembers} were already in it{(unplaced > 0 ? $"; {unplaced} rows have no target (see each row)" : "")}.",
            added.Problem is null && unplaced == 0 ? Severity.Success : Severity.Warning);
    }

    private async Task<TargetCreation?> OfferAsync(GenericAlert alert, TargetAlreadyExists match)
    {
        var dialog = await Dialogs.ShowAsync<DuplicateOfferDialog>(
            $"{alert.Name} matches an existing target",
            new DialogParameters<DuplicateOfferDialog> { { offer => offer.Match, match } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: DuplicateChoice choice })
        {
            return null;
        }

        switch (choice.Action)
        {
            case DuplicateAction.Open:
                Navigation.NavigateTo($"targets/{match.ExistingTargetId}");
                return null;
            case DuplicateAction.Merge:
                return await RunAsync(alert, async token => await Actions.WriteAsync(Targets, alert, DuplicatePolicy.MergeInto(match.ExistingTargetId), await CurrentUser.GetAsync(token), token));
            default:
                return await RunAsync(alert, async token => await Actions.WriteAsync(Targets, alert, DuplicatePolicy.CreateAnyway(choice.Reason!), await CurrentUser.GetAsync(token), token));
        }
    }

    /// <summary>
    /// Creates every selected alert's target in one batch through the writer; each row shows its own outcome (a
    /// duplicate is refused with its reason), and one row's problem stops none of the others.
    /// </summary>
    private async Task CreateSelectedAsync()
    {
        var alerts = _selected.Where(alert => !_pending.Contains(alert)).ToList();
        if (alerts.Count == 0)
        {
            return;
        }

        _bulkRunning = true;
        _pending.UnionWith(alerts);
        StateHasChanged();
        IReadOnlyList<TargetCreation> outcomes;
        try
        {
            outcomes = await Actions.WriteBatchAsync(Targets, alerts, await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
        }
        catch (OperationCanceledException) when (_lifetime.IsClosed)
        {
            return;
        }
        catch (Exception exception) when (DatabaseBusy.Is(exception))
        {
            // Nothing was written: each row says why, and Create targets works again once the other writer is done.
            outcomes = [.. alerts.Select(alert => (TargetCreation)new TargetRejected(alert.Name, DatabaseBusy.Message))];
        }
        finally
        {
            _bulkRunning = false;
            _pending.ExceptWith(alerts);
        }

        for (var index = 0; index < alerts.Count; index++)
        {
            _outcomes[alerts[index]] = outcomes[index];
        }

        var created = outcomes.Count(outcome => outcome is TargetCreated);
        var existing = outcomes.Count(outcome => outcome is TargetAlreadyExists);
        var failed = outcomes.Count - created - existing;
        Snackbar.Add(
            $"{created} created, {existing} matched existing targets (see each row), {failed} failed.",
            failed > 0 ? Severity.Error : existing > 0 ? Severity.Warning : Severity.Success);
    }

    /// <summary>Runs one action for a row, shows it as pending meanwhile, and keeps its outcome on the row.</summary>
    private async Task<TargetCreation?> RunAsync(GenericAlert alert, Func<CancellationToken, Task<TargetCreation>> action)
    {
        if (!_pending.Add(alert))
        {
            return null;
        }

        StateHasChanged();
        try
        {
            var outcome = await action(_lifetime.Token);
            _outcomes[alert] = outcome;
            return outcome;
        }
        catch (OperationCanceledException) when (_lifetime.IsClosed)
        {
            return null;
        }
        catch (Exception exception) when (DatabaseBusy.Is(exception))
        {
            // Nothing was written: the row says why, and Create target works again once the other writer is done.
            var busy = new TargetRejected(alert.Name, DatabaseBusy.Message);
            _outcomes[alert] = busy;
            return busy;
        }
        finally
        {
            _pending.Remove(alert);
        }
    }

    private static Severity SeverityOf(TargetCreation outcome) => outcome switch
    {
        TargetCreated { PhotometryProblem: null } or TargetMerged { NamesOfOtherTargets.Count: 0 } => Severity.Success,
        TargetCreated or TargetAlreadyExists or TargetMerged => Severity.Warning,
        _ => Severity.Error,
    };

    private async Task ViewAsync(GenericAlert alert)
    {
        var details = DetailsOf?.Invoke(alert);
        await Dialogs.ShowAsync<AlertDetailsDialog>(
            $"{alert.Source} alert {alert.Name} ({alert.Id})",
            new DialogParameters<AlertDetailsDialog>
            {
                { dialog => dialog.Json, details?.RawJsonSource?.Invoke() ?? alert.RawJson },
                { dialog => dialog.Details, details },
            },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
    }

    /// <summary>observed → received → shown, e.g. "+3m 12s · +0.4s".</summary>
    private string Latency(GenericAlert alert)
    {
        var parts = new List<string>(2);
        if (alert.Timestamp is { } observed && alert.ReceivedAt is { } received)
        {
            parts.Add($"+{Duration(received - observed)}");
        }

        if (alert.ReceivedAt is { } arrived && (ShownAtOf?.Invoke(alert) ?? alert.ShownAt) is { } shown)
        {
            parts.Add($"+{Duration(shown - arrived)}");
        }

        return string.Join(" · ", parts);
    }

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 0 } => "0s",
        { TotalSeconds: < 10 } => $"{span.TotalSeconds.ToString("0.0", Invariant)}s",
        { TotalMinutes: < 1 } => $"{span.Seconds}s",
        { TotalHours: < 1 } => $"{span.Minutes}m {span.Seconds:00}s",
        { TotalDays: < 1 } => $"{(int)span.TotalHours}h {span.Minutes:00}m",
        _ => $"{(int)span.TotalDays}d {span.Hours}h",
    };
}
