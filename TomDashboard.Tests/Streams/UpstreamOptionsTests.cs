using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TomDashboard.Streams.Upstream;

namespace TomDashboard.Tests.Streams;

public sealed class UpstreamOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddUpstream(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Half_an_upstream_stops_the_start_with_the_setting_to_add()
    {
        using var services = Services(new() { ["Upstream:BootstrapServers"] = "127.0.0.1:9092" });

        // What ValidateOnStart runs when the host starts.
        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Upstream:Topic is required when Upstream:BootstrapServers is set."], refused.Failures);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("127.0.0.1:9092", "tomtoolkit.targets")]
    public void No_upstream_or_a_complete_one_starts(string? servers, string? topic)
    {
        using var services = Services(new() { ["Upstream:BootstrapServers"] = servers, ["Upstream:Topic"] = topic });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(servers is not null, services.GetRequiredService<IOptions<UpstreamOptions>>().Value.IsConfigured);
    }
}
