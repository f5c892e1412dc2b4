using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using TomDashboard.Components.Shared;
using TomDashboard.Targets;

namespace TomDashboard.Components.Pages.Targets;

/// <summary>Searches targets (name, list, dates, cone) and adds the selected ones to a list.</summary>
public sealed partial class TargetList : IDisposable
{
    private readonly PageLifetime _lifetime = new();
    private readonly TargetFilters _filters = new();
    private MudDataGrid<TargetRow>? _grid;
    private TargetQuery _query = new();
    private IReadOnlyList<TargetListSummary> _lists = [];
    private HashSet<TargetRow> _selected = [];
    private long? _listId;
    private string? _addressNote;

    /// <summary>The address's list id as typed: read here, so a bad value is a note on the page rather than a failed page.</summary>
    [SupplyParameterFromQuery(Name = "list")] public string? ListText { get; set; }

    private string ExportHref => _listId is { } list ? $"targets/export.csv?list={list}" : "targets/export.csv";

    protected override async Task OnParametersSetAsync()
    {
        _lists = await Lists.ListAsync(await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
        (_listId, _addressNote) = ReadList(ListText, _lists);
        _query = _query with { ListId = _listId };
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    /// <summary>The list the address names, or none with a note saying why the address was ignored.</summary>
    internal static (long? ListId, string? Note) ReadList(string? text, IReadOnlyList<TargetListSummary> lists)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            // Quoted short: the address is anyone's text.
            var shown = text.Length > 40 ? string.Concat(text.AsSpan(0, 39), "…") : text;
            return (null, $"The list in the address ({shown}) is not a list number; showing all targets.");
        }

        return lists.Any(list => list.Id == id)
            ? (id, null)
            : (null, $"There is no list {id} (it may have been deleted); showing all targets.");
    }

    private void ListChanged(long? list) =>
        Navigation.NavigateTo(list is { } id ? $"targets?list={id}" : "targets");

    private async Task AddSelectedToListAsync()
    {
        var ids = _selected.Select(row => row.Id).ToList();
        if (await AddToListDialog.ShowAsync(Dialogs, ids.Count == 1 ? _selected.First().Name : $"{ids.Count} targets") is not { } list)
        {
            return;
        }

        var added = await Lists.AddAsync(list.Id, ids, await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
        Snackbar.Add(added.Problem ?? $"{added.Added} added to {added.ListName}; {added.AlreadyMembers} were already in it.", added.Problem is null ? Severity.Success : Severity.Error);
        _selected = [];
        _lists = await Lists.ListAsync(await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
    }

    private async Task<GridData<TargetRow>> LoadAsync(GridState<TargetRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var page = await Search.SearchAsync(_query with
        {
            SortBy = sort?.SortBy switch
            {
                nameof(TargetRow.Name) => TargetSortColumn.Name,
                nameof(TargetRow.Ra) => TargetSortColumn.Ra,
                nameof(TargetRow.Dec) => TargetSortColumn.Dec,
                nameof(TargetRow.SourceBroker) => TargetSortColumn.Source,
                _ => TargetSortColumn.Created,
            },
            Descending = sort?.Descending ?? true,
            Page = state.Page,
            PageSize = state.PageSize,
        }, await CurrentUser.GetAsync(cancellationToken), cancellationToken);
        return new GridData<TargetRow> { Items = page.Rows, TotalItems = page.TotalCount };
    }

    private async Task ApplyAsync()
    {
        if (_filters.TryBuild(_listId, out var query))
        {
            _query = query;
            if (_grid is not null)
            {
                await _grid.ReloadServerData();
            }
        }
    }

    private async Task OnFilterKeyUp(KeyboardEventArgs key)
    {
        if (key.Key == "Enter")
        {
            await ApplyAsync();
        }
    }

    private async Task ClearAsync()
    {
        _filters.Clear();
        await ApplyAsync();
    }

    public void Dispose() => _lifetime.Dispose();
}
