using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Brokers.Forms;
using TomDashboard.Hosting;

namespace TomDashboard.Tests.Brokers.Fink;

public sealed class FinkRegistrationTests
{
    private static IHost AppBrokers(IDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
        builder.Configuration.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        builder.Services.AddBrokers(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public void The_app_lists_fink_with_the_settings_of_appsettings_json()
    {
        using var host = AppBrokers();

        var entry = host.Services.GetRequiredService<BrokerCatalog>().Find("Fink");

        Assert.NotNull(entry);
        Assert.True(entry.IsAvailable, entry.StatusText);
        Assert.Equal(typeof(FinkParameters), entry.ParametersType);
        Assert.StartsWith("ZTF: Fink's random-forest probability", entry.ScoreDescription, StringComparison.Ordinal);
        var options = host.Services.GetRequiredService<IOptionsMonitor<FinkOptions>>().Get("Fink");
        Assert.Equal(("https://api.ztf.fink-portal.org", "https://api.lsst.fink-portal.org", 60, 24.0),
            (options.ZtfBaseUrl, options.LsstBaseUrl, options.TimeoutSeconds, options.ChoicesCacheHours));
        Assert.IsType<FinkClassChoices>(host.Services.GetRequiredKeyedService<IChoiceProvider>(FinkClassChoices.Key));
        Assert.IsType<FinkBroker>(host.Services.GetRequiredService<BrokerCatalog>().Create("Fink"));
    }

    [Fact]
    public void A_bad_url_makes_fink_unavailable_with_the_reason_and_leaves_the_others()
    {
        using var host = AppBrokers(new Dictionary<string, string?> { ["Brokers:Fink:LsstBaseUrl"] = "api.lsst.fink-portal.org" });
        var catalog = host.Services.GetRequiredService<BrokerCatalog>();

        var fink = catalog.Find("Fink")!;

        Assert.Equal(BrokerStatus.Invalid, fink.Status);
        Assert.Contains("Brokers:Fink:LsstBaseUrl must be an absolute http or https URL.", fink.StatusText, StringComparison.Ordinal);
        Assert.True(catalog.Find("MyBroker")!.IsAvailable);
        Assert.IsType<FinkClassChoices>(host.Services.GetRequiredKeyedService<IChoiceProvider>(FinkClassChoices.Key));
    }

    [Fact]
    public void Route_urls_keep_a_path_prefix_and_ignore_a_trailing_slash()
    {
        var options = new FinkOptions { ZtfBaseUrl = "http://127.0.0.1:5000/ztf/", LsstBaseUrl = "https://api.lsst.fink-portal.org" };

        Assert.Equal("http://127.0.0.1:5000/ztf/api/v1/objects", options.RouteUri(Survey.Ztf, "objects").ToString());
        Assert.Equal("https://api.lsst.fink-portal.org/api/v1/sources", options.RouteUri(Survey.Lsst, "sources").ToString());
    }
}
