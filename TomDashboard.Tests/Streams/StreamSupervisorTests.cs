using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TomDashboard.Hosting;
using TomDashboard.Streams;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams;

public sealed class StreamSupervisorTests : IAsyncLifetime
{
    private StreamHost _host = default!;

    public async ValueTask InitializeAsync() => _host = await StreamHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Invalid_streams_are_reported_and_the_valid_ones_run()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streams:0:Name"] = "Typo",
            ["Streams:0:Kind"] = "Kafkaa",
            ["Streams:1:Name"] = "No servers",
            ["Streams:1:Kind"] = "Kafka",
            ["Streams:1:Topics:0:Topic"] = "ztf_x",
            ["Streams:2:Name"] = "Switched off",
            ["Streams:2:Active"] = "false",
            ["Streams:3:Name"] = "Simulated",
            ["Streams:3:Kind"] = "Simulated",
            ["Streams:3:Simulated:AlertsPerSecond"] = "50",
            ["Streams:3:Topics:0:Topic"] = "ztf_simulated",
        }).Build();
        // The streams' options as the app binds and validates them, from this configuration.
        await using var options = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStreams(configuration).BuildServiceProvider();
        var supervisor = new StreamSupervisor(
            configuration, options.GetRequiredService<IOptionsMonitor<StreamOptions>>(), _host.Health, _host.Services.GetRequiredService<StreamPipelineBuilder>(), _host.Services, NullLogger<StreamSupervisor>.Instance, Microsoft.Extensions.Options.Options.Create(new TomDashboard.Data.ClusterOptions()));

        await supervisor.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => Task.FromResult(_host.Health.Snapshot().Single(stream => stream.Name == "Simulated").Messages >= 5), "the simulated stream has produced alerts");
        await supervisor.StopAsync(TestContext.Current.CancellationToken);

        var streams = _host.Health.Snapshot().ToDictionary(stream => stream.Name);
        Assert.Equal(StreamState.Invalid, streams["Typo"].State);
        Assert.Contains("Its configuration cannot be read", Assert.Single(streams["Typo"].Problems), StringComparison.Ordinal);
        Assert.Equal(StreamState.Invalid, streams["No servers"].State);
        Assert.Contains("BootstrapServers is required for a Kafka stream.", streams["No servers"].Problems);
        Assert.Equal(StreamState.Inactive, streams["Switched off"].State);
        Assert.Equal(StreamState.Stopped, streams["Simulated"].State);
        Assert.Equal("ztf_simulated", Assert.Single(streams["Simulated"].Topics).Topic);
    }

    [Fact]
    public async Task A_topic_pattern_with_a_perl_escape_makes_the_stream_invalid_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streams:0:Name"] = "ZTF nightly",
            ["Streams:0:Kind"] = "Kafka",
            ["Streams:0:BootstrapServers"] = "127.0.0.1:1",
            ["Streams:0:GroupId"] = "tomdashboard",
            ["Streams:0:Topics:0:Topic"] = "ztf_tonight",
            ["Streams:0:Topics:1:Topic"] = @"^ztf_\d+$",
        }).Build();
        await using var options = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStreams(configuration).BuildServiceProvider();
        var supervisor = new StreamSupervisor(
            configuration, options.GetRequiredService<IOptionsMonitor<StreamOptions>>(), _host.Health, _host.Services.GetRequiredService<StreamPipelineBuilder>(), _host.Services, NullLogger<StreamSupervisor>.Instance, Microsoft.Extensions.Options.Options.Create(new TomDashboard.Data.ClusterOptions()));

        await supervisor.StartAsync(TestContext.Current.CancellationToken);
        await supervisor.StopAsync(TestContext.Current.CancellationToken);

        var stream = Assert.Single(_host.Health.Snapshot());
        Assert.Equal(StreamState.Invalid, stream.State);
        Assert.Equal([@"The pattern ^ztf_\d+$ uses \d, which Kafka's pattern dialect does not know; write [0-9] instead."], stream.Problems);
    }
}
