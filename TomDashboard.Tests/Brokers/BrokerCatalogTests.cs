using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers;

public sealed class BrokerCatalogTests
{
    [Fact]
    public void Lists_every_registered_broker_with_its_parameters_and_score_description()
    {
        using var host = BrokerHost.Build(new Dictionary<string, string?>());
        var catalog = host.Services.GetRequiredService<BrokerCatalog>();

        Assert.Equal(["ChannelBroker", "MyBroker"], catalog.Entries.Select(entry => entry.Name));
        Assert.All(catalog.Entries, entry => Assert.True(entry.IsAvailable));
        Assert.Equal(typeof(TomDashboard.Brokers.Tutorial.MyBrokerParameters), catalog.Find("mybroker")!.ParametersType);
        Assert.Equal("Fake score: the test's own number.", catalog.Find("ChannelBroker")!.ScoreDescription);
    }

    [Fact]
    public void A_broker_with_invalid_configuration_is_unavailable_with_the_reason_and_the_others_still_work()
    {
        using var host = BrokerHost.Build(new Dictionary<string, string?>
        {
            ["Brokers:MyBroker:Url"] = "not a url",
            ["Brokers:MyBroker:TimeoutSeconds"] = "0",
        });
        var catalog = host.Services.GetRequiredService<BrokerCatalog>();

        var myBroker = catalog.Find("MyBroker")!;
        Assert.False(myBroker.IsAvailable);
        Assert.Contains("Brokers:MyBroker:Url must be an absolute http or https URL.", myBroker.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("TimeoutSeconds", myBroker.UnavailableReason, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => catalog.Create("MyBroker"));

        Assert.True(catalog.Find("ChannelBroker")!.IsAvailable);
        Assert.IsType<ChannelBroker>(catalog.Create("ChannelBroker"));
    }

    [Fact]
    public void A_disabled_broker_says_where_it_was_disabled()
    {
        using var host = BrokerHost.Build(new Dictionary<string, string?> { ["Brokers:ChannelBroker:Enabled"] = "false" });
        var entry = host.Services.GetRequiredService<BrokerCatalog>().Find("ChannelBroker")!;
        Assert.Equal("disabled in configuration (Brokers:ChannelBroker:Enabled).", entry.UnavailableReason);
    }

    [Fact]
    public void Each_run_gets_its_own_broker_instance()
    {
        using var host = BrokerHost.Build(new Dictionary<string, string?>());
        var catalog = host.Services.GetRequiredService<BrokerCatalog>();
        Assert.NotSame(catalog.Create("ChannelBroker"), catalog.Create("ChannelBroker"));
    }

    public sealed class TokenOptions : BrokerOptions
    {
        public string? Token { get; set; }

        public override string? MissingConfiguration() =>
            string.IsNullOrWhiteSpace(Token) ? "set Brokers:Tokened:Token (your API token), preferably as the environment variable Brokers__Tokened__Token." : null;
    }

    [Broker("Tokened", ScoreDescription = "none")]
    public sealed class TokenedBroker : Broker<ChannelBrokerParameters, FakeAlert>
    {
        public override IAsyncEnumerable<FakeAlert> FetchAlertsAsync(ChannelBrokerParameters parameters, CancellationToken cancellationToken) =>
            AsyncEnumerable.Empty<FakeAlert>();

        public override GenericAlert ToGenericAlert(FakeAlert alert) => new() { Id = alert.Id, Name = alert.Name, Source = Name };
    }

    [Fact]
    public void A_broker_without_its_token_needs_configuration_and_says_what_to_set()
    {
        using var host = BrokerHost.Build(new Dictionary<string, string?>(), builder => builder.Services.AddBroker<TokenedBroker, TokenOptions>(builder.Configuration));
        var entry = host.Services.GetRequiredService<BrokerCatalog>().Find("Tokened")!;

        Assert.Equal(BrokerStatus.NeedsConfiguration, entry.Status);
        Assert.Equal("Tokened needs configuration: set Brokers:Tokened:Token (your API token), preferably as the environment variable Brokers__Tokened__Token.", entry.StatusText);

        using var configured = BrokerHost.Build(new Dictionary<string, string?> { ["Brokers:Tokened:Token"] = "0123abcd" }, builder => builder.Services.AddBroker<TokenedBroker, TokenOptions>(builder.Configuration));
        Assert.True(configured.Services.GetRequiredService<BrokerCatalog>().Find("Tokened")!.IsAvailable);
    }
}
