using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Brokers;
using TomDashboard.Components.Pages.Brokers;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

public sealed class BrokerHealthPageTests : DashboardTestContext
{
    [Fact]
    public void A_failing_broker_shows_its_error_rate_sentence_circuit_and_retry_after_waits_as_text()
    {
        var metrics = Services.GetRequiredService<BrokerMetrics>();
        var health = Services.GetRequiredService<BrokerHealth>();
        metrics.CallEnded(ChannelBroker.BrokerName, BrokerCallOutcome.Success, TimeSpan.FromMilliseconds(120));
        metrics.RetryAfterHonoured(ChannelBroker.BrokerName, TimeSpan.FromSeconds(2));
        metrics.CallEnded(ChannelBroker.BrokerName, BrokerCallOutcome.HttpError, TimeSpan.FromMilliseconds(80));
        metrics.CircuitChanged(ChannelBroker.BrokerName, BrokerCircuitState.Open);
        health.Failed(ChannelBroker.BrokerName, "Channel answered with an error (HTTP 500). It said: <b>down</b>");

        var page = Render<BrokerHealthPage>();

        var row = page.Find($"tr[data-broker='{ChannelBroker.BrokerName}']");
        Assert.Equal(BrokerHealth.Anchor(ChannelBroker.BrokerName), row.Id);
        Assert.Equal("failing", row.QuerySelector("[data-testid='broker-state']")!.TextContent.Trim());
        Assert.Equal("50%", row.QuerySelector("[data-testid='broker-error-rate']")!.TextContent.Trim().Replace("\u00a0", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("open", row.QuerySelector("[data-testid='broker-circuit']")!.TextContent.Trim());
        Assert.Contains("1 (2 s)", row.TextContent, StringComparison.Ordinal);
        var lastError = row.QuerySelector("[data-testid='broker-last-error']")!;
        Assert.Contains("It said: <b>down</b>", lastError.TextContent, StringComparison.Ordinal);
        Assert.Null(lastError.QuerySelector("b"));
    }
}
