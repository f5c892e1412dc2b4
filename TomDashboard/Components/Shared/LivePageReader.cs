using TomDashboard.Alerts;
using TomDashboard.Queries;
using TomDashboard.Streams.Live;

namespace TomDashboard.Components.Shared;

/// <summary>
/// A page's reading of the live hub, for every page that shows live alerts: it subscribes at once (so nothing
/// published meanwhile is missed), hands the page what arrived once per render interval, and stops with the page.
/// </summary>
public sealed class LivePageReader : IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Task _reading;

    public LivePageReader(LiveAlertHub hub, LiveOptions options, TimeProvider time, Func<IReadOnlyList<GenericAlert>, Task> showBatch)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(options);
        Subscription = hub.Subscribe();
        _reading = ReadAsync(TimeSpan.FromMilliseconds(options.RenderIntervalMilliseconds), options.BufferCapacity, time, showBatch, _lifetime.Token);
    }

    /// <summary>The page's own buffer in the hub, with what it had to skip when the page fell behind.</summary>
    public LiveSubscription Subscription { get; }

    private async Task ReadAsync(TimeSpan interval, int largestBatch, TimeProvider time, Func<IReadOnlyList<GenericAlert>, Task> showBatch, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in Subscription.Reader.ReadBatchesAsync(interval, largestBatch, time, cancellationToken))
            {
                await showBatch(batch);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        Subscription.Dispose();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }

        _lifetime.Dispose();
    }
}
