using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Components.Pages.Streams;
using TomDashboard.Streams;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components.Streams;

public sealed class StreamStatusTests : DashboardTestContext
{
    [Fact]
    public void A_rule_whose_topic_does_not_exist_yet_is_shown_waiting_next_to_the_flowing_topic()
    {
        var registry = new StreamHealthRegistry();
        Services.AddSingleton(registry);
        Services.AddSingleton<StreamMessageLog>();
        var health = registry.Register("ZTF", StreamKind.Kafka, []);
        health.Connected();
        health.MessageHandled("ztf_tonight", DateTimeOffset.UtcNow, failed: false);
        health.WaitingForTopic("^ztf_later_[0-9]+$", waiting: true);
        health.Note("Subscribed topic not available: ztf_later: Broker: Unknown topic or partition", DateTimeOffset.UtcNow);

        var page = Render<StreamStatus>();

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("tbody tr").Where(row => row.TextContent.Contains("ztf_", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, rows.Count);
            var waiting = Assert.Single(rows, row => row.QuerySelector("[data-testid=waiting-for-topic]") is not null);
            Assert.Contains("^ztf_later_[0-9]+$", waiting.TextContent, StringComparison.Ordinal);
            Assert.Contains("waiting for topic", waiting.TextContent, StringComparison.Ordinal);
            Assert.Equal("Connected", page.Find("[data-testid=stream-state]").TextContent.Trim());
            Assert.Contains("Unknown topic or partition", page.Markup, StringComparison.Ordinal);
        });
    }
}
