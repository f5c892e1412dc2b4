using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Components.Shared;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;

namespace TomDashboard.Components.Pages.Streams;

/// <summary>Every active stream's alerts as they arrive, newest first, in the same grid as query runs.</summary>
public sealed partial class LiveAlerts : IAsyncDisposable
{
    private const string SourceSeparator = " / ";
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private LiveRows _rows = default!;
    private readonly List<GenericAlert> _pending = [];
    private readonly HashSet<string> _sources = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset At, int Count)> _recent = new();
    private IReadOnlyList<GenericAlert> _shown = [];
    private LivePageReader? _reader;
    private string? _filter;
    private bool _paused;
    private long _total;

    [Inject] private LiveAlertHub Hub { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private IOptions<LiveOptions> Options { get; set; } = default!;

    private double RatePerSecond
    {
        get
        {
            var since = Time.GetUtcNow() - RateWindow;
            return _recent.Where(entry => entry.At >= since).Sum(entry => entry.Count) / RateWindow.TotalSeconds;
        }
    }

    private LiveAlertTargets _targets = default!;

    protected override void OnInitialized()
    {
        _targets = new LiveAlertTargets(Hub);
        _rows = new LiveRows(Options.Value.MaxRows);
        _reader = new LivePageReader(Hub, Options.Value, Time, batch => InvokeAsync(() =>
        {
            Apply(batch);
            StateHasChanged();
        }));
    }

    private void Apply(IReadOnlyList<GenericAlert> batch)
    {
        var now = Time.GetUtcNow();
        _total += batch.Count;
        _recent.Enqueue((now, batch.Count));
        while (_recent.Count > 0 && _recent.Peek().At < now - RateWindow)
        {
            _recent.Dequeue();
        }

        foreach (var alert in batch)
        {
            _sources.Add(alert.Source);
            _sources.Add(SourceOf(alert));
        }

        if (_paused)
        {
            _pending.AddRange(batch);
            Trim(_pending);
            return;
        }

        Show(batch, now);
    }

    /// <summary>Newest first: the batch goes on top, the oldest rows fall off the bottom. Rows are the hub's own alerts, not copies.</summary>
    private void Show(IReadOnlyList<GenericAlert> batch, DateTimeOffset now)
    {
        _rows.Add(batch, now);
        Refilter();
    }

    private void Trim(List<GenericAlert> rows)
    {
        var excess = rows.Count - Options.Value.MaxRows;
        if (excess > 0)
        {
            rows.RemoveRange(0, excess);
        }
    }

    private void Pause() => _paused = true;

    private void Resume()
    {
        _paused = false;
        var pending = _pending.ToList();
        _pending.Clear();
        Show(pending, Time.GetUtcNow());
    }

    private void FilterChanged(string? filter)
    {
        _filter = filter;
        Refilter();
    }

    // A new wrapper per batch: the grid redraws its rows when it is handed a new list instance.
    private void Refilter() => _shown = string.IsNullOrEmpty(_filter)
        ? new System.Collections.ObjectModel.ReadOnlyCollection<GenericAlert>(_rows)
        : _rows.Where(alert => alert.Source == _filter || SourceOf(alert) == _filter).ToList();

    private static string SourceOf(GenericAlert alert) => $"{alert.Source}{SourceSeparator}{alert.Topic}";

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }
    }
}
