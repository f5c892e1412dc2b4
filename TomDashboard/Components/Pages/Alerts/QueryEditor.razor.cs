using System.Data.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using TomDashboard.Brokers;
using TomDashboard.Components.Shared;
using TomDashboard.Data;
using TomDashboard.Queries;

namespace TomDashboard.Components.Pages.Alerts;

/// <summary>Creates or edits a saved query with the form generated from its broker's parameters class.</summary>
public sealed partial class QueryEditor : IDisposable
{
    // Loading and saving stop when the page closes.
    private readonly PageLifetime _lifetime = new();

    private enum EditorState
    {
        Loading,
        NotFound,
        Unavailable,
        Editing,
    }

    private EditorState _state;
    private string _problemTitle = "";
    private string _problem = "";
    private string? _parameterProblem;
    private BrokerEntry? _broker;
    private object? _parameters;
    private string? _queryName;
    private string? _queryNameError;
    private bool _saving;
    private ParameterForm? _form;

    [Inject] private BrokerCatalog Catalog { get; set; } = default!;

    [Inject] private SavedQueries Queries { get; set; } = default!;

    [Inject] private TomDashboard.Accounts.CurrentViewer CurrentUser { get; set; } = default!;

    [Inject] private TomDashboard.Accounts.TeamGroups Groups { get; set; } = default!;

    /// <summary>The viewer's groups, to share the query with (read and run); none keeps it private.</summary>
    private IReadOnlyList<(long Id, string Name)> _myGroups = [];

    private IReadOnlyCollection<long> _sharedWith = [];

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private ILogger<QueryEditor> Logger { get; set; } = default!;

    [Parameter] public long? Id { get; set; }

    [SupplyParameterFromQuery(Name = "broker")] public string? BrokerName { get; set; }

    private string Heading => Id is null ? $"New {_broker?.Name ?? BrokerName} query" : $"Edit query {_queryName}";

    protected override async Task OnParametersSetAsync()
    {
        _state = EditorState.Loading;
        _myGroups = await Groups.GroupsOfAsync((await CurrentUser.GetAsync(_lifetime.Token)).UserId, _lifetime.Token);
        string? brokerName = BrokerName;
        string? savedParameters = null;
        if (Id is { } id)
        {
            var query = await Queries.FindAsync(id, await CurrentUser.GetAsync(_lifetime.Token), _lifetime.Token);
            if (query is null || !SavedQueries.IsChangeableBy(query, await CurrentUser.GetAsync(_lifetime.Token)))
            {
                ShowNotFound("Query not found", $"There is no saved query with id {id}. It may have been deleted.");
                return;
            }

            brokerName = query.Broker;
            savedParameters = query.ParametersJson;
            _queryName = query.Name;
            _sharedWith = [.. query.Shares.Select(share => share.GroupId)];
        }

        _broker = Catalog.Find(brokerName);
        if (_broker is null)
        {
            ShowNotFound("Broker not found", string.IsNullOrWhiteSpace(brokerName)
                ? "Choose a broker to create a query for."
                : $"There is no broker named \u201c{brokerName}\u201d. Known brokers: {string.Join(", ", Catalog.Entries.Select(entry => entry.Name))}.");
            return;
        }

        if (!_broker.IsAvailable)
        {
            _state = EditorState.Unavailable;
            _problem = _broker.StatusText!;
            return;
        }

        if (savedParameters is null)
        {
            _parameters = Activator.CreateInstance(_broker.ParametersType)!;
        }
        else
        {
            BrokerParameters.TryDeserialize(savedParameters, _broker.ParametersType, out var parameters, out _parameterProblem);
            _parameters = parameters;
        }

        _state = EditorState.Editing;
    }

    private void ShowNotFound(string title, string message)
    {
        _state = EditorState.NotFound;
        _problemTitle = title;
        _problem = message;
    }

    private void OnQueryNameChanged()
    {
        if (_queryNameError is not null)
        {
            _queryNameError = CheckQueryName();
        }
    }

    private string? CheckQueryName() => string.IsNullOrWhiteSpace(_queryName)
        ? "Give the query a name."
        : _queryName.Trim().Length > BrokerQuery.NameMaxLength ? $"Keep the name under {BrokerQuery.NameMaxLength} characters." : null;

    private async Task SaveAsync(bool run)
    {
        _queryNameError = CheckQueryName();
        var parametersValid = _form?.Validate() ?? false;
        if (_queryNameError is not null || !parametersValid)
        {
            Snackbar.Add("Some fields need attention; see the messages under them.", Severity.Warning);
            return;
        }

        _saving = true;
        try
        {
            var savedId = await Queries.SaveAsync(Id, _queryName!, _broker!.Name, BrokerParameters.Serialize(_parameters!), await CurrentUser.GetAsync(_lifetime.Token),
                _lifetime.Token, _sharedWith);
            if (savedId is null)
            {
                Snackbar.Add("This query was deleted meanwhile; nothing was saved.", Severity.Error);
                return;
            }

            Snackbar.Add($"Saved the query {_queryName!.Trim()}.", Severity.Success);
            Navigation.NavigateTo(run ? $"alerts/query/{savedId}/run" : "alerts/query/list");
        }
        catch (Exception exception) when (DatabaseBusy.Is(exception))
        {
            // Nothing was written; the form keeps every entry, so Save again is all it takes.
            Snackbar.Add(DatabaseBusy.Message, Severity.Warning);
        }
        catch (OperationCanceledException) when (_lifetime.IsClosed)
        {
            // The page closed while saving; there is no one left to tell.
        }
        catch (Exception exception) when (exception is DbUpdateException or DbException)
        {
            Logger.LogError(exception, "Saving query {QueryName} failed", _queryName);
            Snackbar.Add("The query could not be saved: the database refused it. Your entries are still here; try again.", Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }

    public void Dispose() => _lifetime.Dispose();
}
