using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Components.Pages.Targets;
using TomDashboard.Streams;
using TomDashboard.Streams.Upstream;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components.Targets;

public sealed class TargetDetailTests : DashboardTestContext, IClassFixture<KafkaMockCluster>
{
    private readonly KafkaMockCluster _kafka;
    private readonly string _topic = $"tomtoolkit.test.{Guid.NewGuid():N}";

    public TargetDetailTests(KafkaMockCluster kafka)
    {
        _kafka = kafka;
        Services.AddSingleton(Options.Create(new UpstreamOptions { BootstrapServers = kafka.BootstrapServers, Topic = _topic }));
        Services.AddSingleton<UpstreamPublisher>();
    }

    private async Task<long> CreateTargetAsync()
    {
        var writer = Services.GetRequiredService<TargetWriter>();
        var created = Assert.IsType<TargetCreated>(await writer.CreateWithPhotometryAsync(
            new TargetDraft
            {
                Name = "AT 2026abc",
                Ra = 187.70593,
                Dec = -0.5,
                Aliases = ["ZTF26abcdefg"],
                Extras = new Dictionary<string, string> { ["classification"] = "SN Ia" },
                SourceBroker = "Simulated ZTF",
                SourceAlertId = "3000000000000000006",
            },
            [new PhotometryPoint { Timestamp = DateTimeOffset.UtcNow, Band = "ztfg", Magnitude = 18.2, MagnitudeError = 0.04, Source = "ZTF" }],
            Cancellation));
        return created.TargetId;
    }

    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    private IRenderedComponent<TargetDetail> RenderTarget(long id)
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render<TargetDetail>(parameters => parameters.Add(page => page.Id, id));
    }

    [Fact]
    public async Task Shows_coordinates_in_degrees_and_sexagesimal_aliases_extras_source_and_photometry()
    {
        var page = RenderTarget(await CreateTargetAsync());

        page.WaitForAssertion(() => Assert.Equal("AT 2026abc", page.Find("[data-testid='target-name']").TextContent));
        Assert.Contains("187.70593°", page.Find("[data-testid='target-ra']").TextContent, StringComparison.Ordinal);
        Assert.Contains("12:30:49.423", page.Find("[data-testid='target-ra']").TextContent, StringComparison.Ordinal);
        Assert.Contains("-00:30:00.00", page.Find("[data-testid='target-dec']").TextContent, StringComparison.Ordinal);
        Assert.Contains("ZTF26abcdefg", page.Markup, StringComparison.Ordinal);
        Assert.Contains("SN Ia", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Simulated ZTF (alert 3000000000000000006)", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Photometry (1 points)", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_upstream_publishes_with_the_note_and_reports_success()
    {
        var id = await CreateTargetAsync();
        var snackbars = Render<MudSnackbarProvider>();
        var page = RenderTarget(id);
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("button"), button => button.TextContent.Contains("Submit upstream", StringComparison.Ordinal)));

        page.FindAll("button").Single(button => button.TextContent.Contains("Submit upstream", StringComparison.Ordinal)).Click();
        var dialogs = _dialogs;
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("textarea")));
        dialogs.Find("textarea").Change("Rising fast; classification spectrum wanted.");
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Publish").Click();

        snackbars.WaitForAssertion(() => Assert.Contains($"Published AT 2026abc to {_topic}", snackbars.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        var logged = await database.AlertStreamMessages.SingleAsync(Cancellation);
        Assert.Equal((StreamMessageStatus.Published, id), (logged.Status, logged.TargetId!.Value));
    }

    [Fact]
    public async Task Update_broker_data_imports_the_source_brokers_photometry()
    {
        var writer = Services.GetRequiredService<TargetWriter>();
        var created = Assert.IsType<TargetCreated>(await writer.CreateAsync(
            new TargetDraft { Name = "ZTF26refresh", Ra = 10, Dec = 10, SourceBroker = ChannelBroker.BrokerName, SourceAlertId = "7" }, Cancellation));
        Broker.Photometry.AddRange(
        [
            new PhotometryPoint { Timestamp = DateTimeOffset.UtcNow.AddDays(-2), Band = "ztfg", Magnitude = 19.1, MagnitudeError = 0.1, Source = ChannelBroker.BrokerName },
            new PhotometryPoint { Timestamp = DateTimeOffset.UtcNow.AddDays(-1), Band = "ztfr", Limit = 20.6, Source = ChannelBroker.BrokerName },
        ]);
        var snackbars = Render<MudSnackbarProvider>();
        var page = RenderTarget(created.TargetId);
        page.WaitForAssertion(() => Assert.Contains("Photometry (0 points)", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(button => button.TextContent.Contains("Update broker data", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Contains("Photometry (2 points)", page.Markup, StringComparison.Ordinal));
        snackbars.WaitForAssertion(() => Assert.Contains("2 photometry points stored for ZTF26refresh (ChannelBroker: 2).", snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_broker_data_when_no_broker_knows_the_target_says_so()
    {
        var created = Assert.IsType<TargetCreated>(await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft { Name = "Hand made", Ra = 1, Dec = 1 }, Cancellation));
        var snackbars = Render<MudSnackbarProvider>();
        var page = RenderTarget(created.TargetId);
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("button"), button => button.TextContent.Contains("Update broker data", StringComparison.Ordinal)));

        page.FindAll("button").Single(button => button.TextContent.Contains("Update broker data", StringComparison.Ordinal)).Click();

        snackbars.WaitForAssertion(() => Assert.Contains("No broker has photometry for Hand made.", snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shows_the_cutouts_kept_with_the_target()
    {
        var id = await CreateTargetAsync();
        var image = new TomDashboard.Astronomy.FitsImage(8, 8, [.. Enumerable.Range(0, 64).Select(value => (float)value)]).ToFits();
        var stamps = new TargetSubmission
        {
            Draft = new TargetDraft { Name = "AT 2026abc", SourceAlertId = "3000000000000000006" },
            Cutouts = new AlertCutouts(image, image, image),
            Source = TargetWriterCalls.TestSource,
        };
        Assert.IsType<TargetMerged>(await Services.GetRequiredService<TargetWriter>().WriteAsync(stamps, DuplicatePolicy.MergeInto(id), Cancellation));

        var page = RenderTarget(id);

        page.WaitForAssertion(() =>
        {
            var cutouts = page.Find("[data-testid='cutouts']");
            Assert.Equal(3, cutouts.QuerySelectorAll("img[src^='data:image/png;base64,']").Length);
            Assert.Contains("Cutouts (alert 3000000000000000006)", page.Markup, StringComparison.Ordinal);
        });
    }
}
