using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Brokers.Forms;
using TomDashboard.Brokers.Tutorial;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Fink;

/// <summary>
/// Fink answers a query in one response, so a fault either ends the run before any alert (the main request), or
/// hits a later request: the light curve fetched when a target is created, or the list of classes for the form.
/// </summary>
public sealed class FinkFaultTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private FakeFink _fink = default!;

    public async ValueTask InitializeAsync() => _fink = await FakeFink.StartAsync();

    public ValueTask DisposeAsync() => _fink.DisposeAsync();

    [Theory]
    [MemberData(nameof(BrokerFaults.All), MemberType = typeof(BrokerFaults))]
    public async Task A_fault_on_the_search_gives_readable_feedback_and_the_other_brokers_still_run(BrokerFault fault)
    {
        _fink.Faults["/ztf/api/v1/objects"] = fault;
        using var host = _fink.BuildHost(timeoutSeconds: 1, retries: 0);
        var catalog = host.Services.GetRequiredService<BrokerCatalog>();

        var (alerts, feedback) = await BrokerHost.RunAsync(catalog.Create("Fink"), new FinkParameters { ObjectIds = "ZTF21abfmbix" }, Cancellation);

        Assert.Empty(alerts);
        var error = Assert.Single(feedback);
        Assert.Equal(FeedbackSeverity.Error, error.Severity);
        Assert.StartsWith(BrokerFaults.ExpectedFeedback("Fink", fault), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);

        var (tutorial, tutorialFeedback) = await BrokerHost.RunAsync(catalog.Create("MyBroker"), new MyBrokerParameters { TargetName = "Tatooine" }, Cancellation);
        Assert.Equal("Tatooine", Assert.Single(tutorial).Name);
        Assert.Empty(tutorialFeedback);
    }

    [Theory]
    [MemberData(nameof(BrokerFaults.All), MemberType = typeof(BrokerFaults))]
    public async Task A_fault_on_the_light_curve_still_creates_the_target_and_says_why_photometry_is_missing(BrokerFault fault)
    {
        using var host = _fink.BuildHost(timeoutSeconds: 1, retries: 0);
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Fink");
        var (alerts, _) = await BrokerHost.RunAsync(broker, new FinkParameters { ObjectIds = "ZTF21abfmbix" }, Cancellation);
        Assert.Equal(5, alerts.Count);
        _fink.Faults["/ztf/api/v1/objects"] = fault;
        await using var database = await TestDatabase.CreateAsync();
        var writer = new TargetWriter(database.Factory, new FakeTimeProvider(), NullLogger<TargetWriter>.Instance);

        var created = Assert.IsType<TargetCreated>(await writer.CreateFromAlertAsync(broker, alerts[0], Cancellation));

        Assert.Equal("ZTF21abfmbix", created.Name);
        Assert.Equal(0, created.PhotometryCount);
        Assert.NotNull(created.PhotometryProblem);
        Assert.StartsWith(BrokerFaults.ExpectedFeedback("Fink", fault), created.PhotometryProblem, StringComparison.Ordinal);
        Assert.Equal(2, _fink.CallsTo("/ztf/api/v1/objects").Count);
    }

    [Theory]
    [MemberData(nameof(BrokerFaults.All), MemberType = typeof(BrokerFaults))]
    public async Task A_fault_on_the_class_list_leaves_the_form_taking_free_text(BrokerFault fault)
    {
        _fink.Faults["/ztf/api/v1/classes"] = fault;
        using var host = _fink.BuildHost(timeoutSeconds: 1, retries: 0);

        var load = await host.Services.GetRequiredService<ChoiceLoader>().LoadAsync(FinkClassChoices.Key, Cancellation);

        Assert.True(load.AcceptsFreeText);
        Assert.Empty(load.Choices);
        Assert.StartsWith("The options could not be loaded (", load.Note, StringComparison.Ordinal);
        Assert.Contains(BrokerFaults.ExpectedFeedback("the broker", fault), load.Note, StringComparison.Ordinal);
        Assert.EndsWith("Type a value instead.", load.Note, StringComparison.Ordinal);
    }
}
