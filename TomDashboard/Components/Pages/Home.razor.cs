using Microsoft.AspNetCore.Components;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Pages.HomePanels;
using TomDashboard.Components.Shared;
using TomDashboard.Queries;
using TomDashboard.Streams;
using TomDashboard.Targets;

namespace TomDashboard.Components.Pages;

/// <summary>
/// The night watch's first screen: stream and broker health, the live rate, the newest alerts and targets, and recent
/// query runs. The newest alerts are a panel of their own (one hub subscription, batched renders); the database is read on open and every
/// <see cref="TargetsRefresh"/>, never per alert.
/// </summary>
public sealed partial class Home : IAsyncDisposable
{
    public const int NewestCount = NewestAlertsPanel.NewestCount;
    public const int QueryCount = 5;
    private static readonly TimeSpan HealthRefresh = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan TargetsRefresh = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _lifetime = new();
    private Task _refreshing = Task.CompletedTask;
    private Viewer? _viewer;
    private IReadOnlyList<StreamHealthSnapshot> _streams = [];
    private IReadOnlyList<BrokerHealthLine> _brokers = [];
    private IReadOnlyList<StreamRate> _rates = [];
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private long _tonight;
    private IReadOnlyList<RecentTarget> _newestTargets = [];
    private IReadOnlyList<BrokerQuery> _queries = [];

    [Inject] private StreamHealthRegistry Streams { get; set; } = default!;

    [Inject] private StreamRateHistory RateHistory { get; set; } = default!;

    [Inject] private BrokerHealth BrokerHealth { get; set; } = default!;

    [Inject] private BrokerCatalog Catalog { get; set; } = default!;

    [Inject] private TargetSearch TargetSearch { get; set; } = default!;

    [Inject] private SavedQueries SavedQueries { get; set; } = default!;

    [Inject] private TomDashboard.Accounts.CurrentViewer CurrentUser { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        RefreshHealth();
        _viewer = await CurrentUser.GetAsync(_lifetime.Token);
        await RefreshStoredAsync(_lifetime.Token);
        _refreshing = KeepRefreshingAsync(_lifetime.Token);
    }

    private async Task KeepRefreshingAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HealthRefresh, Time);
        var sinceStored = TimeSpan.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                RefreshHealth();
                sinceStored += HealthRefresh;
                if (sinceStored >= TargetsRefresh)
                {
                    sinceStored = TimeSpan.Zero;
                    await RefreshStoredAsync(cancellationToken);
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void RefreshHealth()
    {
        _streams = Streams.Snapshot();
        _brokers = BrokerHealth.Lines(Catalog);
        _rates = RateHistory.Rates();
        _tonight = _rates.Sum(rate => rate.Tonight);
        var labelEvery = Math.Max(1, (int)(TimeSpan.FromMinutes(1) / RateHistory.Interval));
        var times = _rates.SelectMany(rate => rate.Points.Select(point => point.At)).Distinct().Order().ToList();
        _labels = [.. times.Select((at, index) => index % labelEvery == 0 ? at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "")];
        _series = [.. _rates.Select(rate =>
        {
            var byTime = rate.Points.ToDictionary(point => point.At, point => point.PerSecond);
            return new ChartSeries<double> { Name = rate.Stream, Data = times.Select(at => byTime.GetValueOrDefault(at)).ToArray() };
        })];
    }

    /// <summary>What the database holds: the newest targets this user may see and their recent query runs. A busy database leaves the last figures up.</summary>
    private async Task RefreshStoredAsync(CancellationToken cancellationToken)
    {
        if (_viewer is null)
        {
            return;
        }

        try
        {
            _newestTargets = await TargetSearch.NewestAsync(_viewer, NewestCount, cancellationToken);
            _queries = [.. (await SavedQueries.ListAsync(_viewer, cancellationToken))
                .Where(query => query.LastRun is not null)
                .OrderByDescending(query => query.LastRun)
                .Take(QueryCount)];
        }
        catch (System.Data.Common.DbException) when (!cancellationToken.IsCancellationRequested)
        {
            // Shown again at the next refresh; the health lines above do not depend on it.
        }
    }

    private static string StreamStateText(StreamState state) => state switch
    {
        StreamState.Connected => "connected",
        StreamState.Connecting => "connecting",
        StreamState.Failing => "failing",
        StreamState.Invalid => "misconfigured",
        StreamState.Inactive => "inactive",
        _ => "stopped",
    };

    private static string Lag(StreamHealthSnapshot stream) =>
        stream.Topics.Any(topic => topic.Lag is not null) ? stream.Topics.Sum(topic => topic.Lag ?? 0).ToString("N0") : "–";

    private string Ago(DateTimeOffset? time) => TimeAgo.Of(time, Time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        try
        {
            await _refreshing;
        }
        catch (OperationCanceledException)
        {
        }

        _lifetime.Dispose();
    }
}
