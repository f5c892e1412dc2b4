using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Live;


/// <summary>
/// Fans every stream alert out to every open Live page. Publishing never waits: each page has its own bounded
/// buffer, and a page that falls behind loses its own oldest alerts, never anyone else's.
/// </summary>
public sealed class LiveAlertHub(IOptions<LiveOptions> options)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(string Source, string Id), LiveAlertDetails> _details = new();
    private readonly ConcurrentQueue<(string Source, string Id)> _detailsOrder = new();
    private ImmutableArray<LiveSubscription> _subscriptions = [];
    private long _published;

    public long Published => Interlocked.Read(ref _published);

    public int Subscribers => _subscriptions.Length;

    public LiveSubscription Subscribe()
    {
        var subscription = new LiveSubscription(options.Value.BufferCapacity, Unsubscribe);
        lock (_gate)
        {
            _subscriptions = _subscriptions.Add(subscription);
        }

        return subscription;
    }

    public void Publish(GenericAlert alert, LiveAlertDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (details is not null)
        {
            Remember(alert, details);
        }

        Interlocked.Increment(ref _published);
        foreach (var subscription in _subscriptions)
        {
            subscription.Offer(alert);
        }
    }

    public LiveAlertDetails? Details(GenericAlert alert) =>
        alert is not null && _details.TryGetValue((alert.Source, alert.Id), out var details) ? details : null;

    private void Remember(GenericAlert alert, LiveAlertDetails details)
    {
        var key = (alert.Source, alert.Id);
        if (_details.TryAdd(key, details))
        {
            _detailsOrder.Enqueue(key);
        }

        while (_details.Count > options.Value.DetailsCapacity && _detailsOrder.TryDequeue(out var oldest))
        {
            _details.TryRemove(oldest, out _);
        }
    }

    private void Unsubscribe(LiveSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = _subscriptions.Remove(subscription);
        }
    }
}

/// <summary>One page's view of the hub: a bounded buffer that drops its oldest alert when full.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly Channel<GenericAlert> _alerts;
    private readonly Action<LiveSubscription> _unsubscribe;
    private long _dropped;

    internal LiveSubscription(int capacity, Action<LiveSubscription> unsubscribe)
    {
        _unsubscribe = unsubscribe;
        _alerts = Channel.CreateBounded<GenericAlert>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<GenericAlert> Reader => _alerts.Reader;

    /// <summary>Alerts this page lost because it fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Dispose()
    {
        _unsubscribe(this);
        _alerts.Writer.TryComplete();
    }

    internal void Offer(GenericAlert alert) => _alerts.Writer.TryWrite(alert);
}
