using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Components.Shared;
using TomDashboard.Streams.Live;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

public sealed class LivePageReaderTests
{
    private static readonly LiveOptions Settings = new() { BufferCapacity = 100, RenderIntervalMilliseconds = 20 };

    private static GenericAlert Alert(int id) => new() { Id = $"{id}", Name = $"ZTF26p{id}", Source = "ZTF" };

    [Fact]
    public async Task Hands_the_page_every_alert_published_after_it_opened_in_batches_and_unsubscribes_when_closed()
    {
        var hub = new LiveAlertHub(Options.Create(Settings));
        var batches = new ConcurrentQueue<IReadOnlyList<GenericAlert>>();
        var reader = new LivePageReader(hub, Settings, TimeProvider.System, batch =>
        {
            batches.Enqueue(batch);
            return Task.CompletedTask;
        });
        Assert.Equal(1, hub.Subscribers);

        foreach (var id in Enumerable.Range(1, 50))
        {
            hub.Publish(Alert(id));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(batches.Sum(batch => batch.Count) == 50), "all 50 alerts reached the page");
        Assert.Equal(Enumerable.Range(1, 50).Select(id => $"{id}"), batches.SelectMany(batch => batch).Select(alert => alert.Id));
        Assert.True(batches.Count < 50, $"alerts arrive in batches, not one render each: {batches.Count} batches");

        // Disposal waits for the reading loop to end, so nothing published afterwards can reach the page.
        await reader.DisposeAsync();
        Assert.Equal(0, hub.Subscribers);
        hub.Publish(Alert(51));
        Assert.Equal(50, batches.Sum(batch => batch.Count));
    }
}
