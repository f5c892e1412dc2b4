using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Components.Shared;
using TomDashboard.Data;
using TomDashboard.Targets;

namespace TomDashboard.Components.Pages.Targets;

/// <summary>Edits a target's name, type, coordinates (degrees or sexagesimal), aliases and extra fields through <see cref="TargetEditor"/>.</summary>
public sealed partial class TargetEdit : IDisposable
{
    // Browser-side limits, so a paste cannot outgrow the circuit's receive limit; far above any real coordinate or note.
    private const int CoordinateMaxLength = 100;
    private const int ExtraValueMaxLength = 10_000;

    // Loading and saving stop when the page closes.
    private readonly PageLifetime _lifetime = new();
    private readonly List<AliasRow> _aliases = [];
    private readonly List<ExtraRow> _extras = [];
    private Dictionary<string, string> _problems = [];
    private bool _loaded;
    private bool _notFound;
    private bool _saving;
    private string? _loadedName;
    private string? _name;
    private TargetType _type;
    private string? _ra;
    private string? _dec;
    private string? _epoch;

    [Inject] private TargetEditor Editor { get; set; } = default!;

    [Inject] private TomDashboard.Accounts.CurrentViewer CurrentUser { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    private string RaHelper => Helper(CoordinateText.ReadRa(_ra), isRa: true, "Degrees (187.70593) or h:m:s (12:30:49.42)");

    private string DecHelper => Helper(CoordinateText.ReadDec(_dec), isRa: false, "Degrees (-0.5) or d:m:s (-00:30:00)");

    protected override async Task OnParametersSetAsync()
    {
        _loaded = false;
        var target = await Editor.LoadAsync(Id, await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
        _notFound = target is null;
        if (target is not null)
        {
            _loadedName = target.Name;
            _name = target.Name;
            _type = target.Type;
            _ra = target.Ra?.ToString(CultureInfo.InvariantCulture);
            _dec = target.Dec?.ToString(CultureInfo.InvariantCulture);
            _epoch = target.Epoch?.ToString(CultureInfo.InvariantCulture);
            _aliases.Clear();
            _aliases.AddRange(target.Aliases.Select(alias => new AliasRow { Name = alias }));
            _extras.Clear();
            _extras.AddRange(target.Extras.Select(extra => new ExtraRow { Key = extra.Key, Value = extra.Value }));
            _problems = [];
        }

        _loaded = true;
    }

    private bool HasProblem(string field) => _problems.ContainsKey(field);

    private string? ProblemFor(string field) => _problems.GetValueOrDefault(field);

    private static string Helper(CoordinateReading reading, bool isRa, string hint) =>
        CoordinateText.OtherForm(reading, isRa) is { } other ? $"= {other}" : hint;

    private async Task SaveAsync()
    {
        // What cannot even be read is said at the field before the editor sees the rest.
        var problems = new Dictionary<string, string>();
        var ra = CoordinateText.ReadRa(_ra);
        var dec = CoordinateText.ReadDec(_dec);
        if (ra.Problem is { } raProblem)
        {
            problems[TargetEditFields.Ra] = raProblem;
        }

        if (dec.Problem is { } decProblem)
        {
            problems[TargetEditFields.Dec] = decProblem;
        }

        double? epoch = null;
        if (!string.IsNullOrWhiteSpace(_epoch))
        {
            if (double.TryParse(_epoch.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                epoch = value;
            }
            else
            {
                problems[TargetEditFields.Epoch] = TargetRules.EpochProblem(double.NaN)!;
            }
        }

        if (problems.Count > 0)
        {
            _problems = problems;
            return;
        }

        _saving = true;
        try
        {
            var edit = new TargetUpdate
            {
                Name = _name,
                Type = _type,
                Ra = ra.Degrees,
                Dec = dec.Degrees,
                Epoch = epoch,
                Aliases = [.. _aliases.Select(row => row.Name)],
                Extras = [.. _extras.Select(row => new TargetExtraValue(row.Key, row.Value))],
            };
            var result = await Editor.UpdateAsync(Id, edit, await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
            if (result.Duplicate is { } match && await OfferAsync(match) is { } reason)
            {
                result = await Editor.UpdateAsync(Id, edit with { DuplicateReason = reason }, await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
            }

            if (result.NotFound)
            {
                _notFound = true;
                return;
            }

            _problems = new Dictionary<string, string>(result.Problems);
            if (result.Succeeded)
            {
                Snackbar.Add($"Saved {_name!.Trim()}.", Severity.Success);
                Navigation.NavigateTo($"targets/{Id}");
            }
        }
        catch (Exception exception) when (DatabaseBusy.Is(exception))
        {
            // Nothing was written; the form keeps what was typed, so Save again is all it takes.
            _problems = new Dictionary<string, string> { [TargetEditFields.General] = DatabaseBusy.Message };
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>The same offer as Create target, for an edit: open the other target, or save anyway with a reason (null: neither).</summary>
    private async Task<string?> OfferAsync(TargetAlreadyExists match)
    {
        var dialog = await Dialogs.ShowAsync<DuplicateOfferDialog>(
            $"{match.Name} would match an existing target",
            new DialogParameters<DuplicateOfferDialog> { { offer => offer.Match, match }, { offer => offer.ForEdit, true } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        switch (await dialog.Result)
        {
            case { Canceled: false, Data: DuplicateChoice { Action: DuplicateAction.CreateAnyway, Reason: { } reason } }:
                return reason;
            case { Canceled: false, Data: DuplicateChoice { Action: DuplicateAction.Open } }:
                Navigation.NavigateTo($"targets/{match.ExistingTargetId}");
                return null;
            default:
                Snackbar.Add($"Not saved: {match.Message}", Severity.Warning);
                return null;
        }
    }

    public void Dispose()
    {
        _lifetime.Dispose();
    }

    private sealed class AliasRow
    {
        public string? Name { get; set; }
    }

    private sealed class ExtraRow
    {
        public string? Key { get; set; }

        public string? Value { get; set; }
    }
}
