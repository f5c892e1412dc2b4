using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Components.Shared;
using TomDashboard.Streams.Live;

namespace TomDashboard.Components.Pages.HomePanels;

/// <summary>
/// The home page's newest live alerts: the page's one hub subscription, drawn in batches like Live. It is a component
/// of its own so that a batch redraws this panel only, not the health lines, chart and lists around it.
/// </summary>
public sealed partial class NewestAlertsPanel : IAsyncDisposable
{
    public const int NewestCount = 10;

    private readonly LiveRows _newestAlerts = new(NewestCount);
    private IReadOnlyList<GenericAlert> _shownAlerts = [];
    private LiveAlertTargets _targets = default!;
    private LivePageReader? _reader;

    [Inject] private LiveAlertHub Hub { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private IOptions<LiveOptions> Options { get; set; } = default!;

    protected override void OnInitialized()
    {
        _targets = new LiveAlertTargets(Hub);
        _reader = new LivePageReader(Hub, Options.Value, Time, batch => InvokeAsync(() =>
        {
            _newestAlerts.Add(batch, Time.GetUtcNow());
            // A new wrapper per batch: the grid redraws when handed a new list instance.
            _shownAlerts = new System.Collections.ObjectModel.ReadOnlyCollection<GenericAlert>(_newestAlerts);
            StateHasChanged();
        }));
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }
    }
}
