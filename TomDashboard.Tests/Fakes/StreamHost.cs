using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TomDashboard.Hosting;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Kafka;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;

namespace TomDashboard.Tests.Fakes;

/// <summary>The stream machinery as the app wires it, on a real SQLite file, without the web host.</summary>
public sealed class StreamHost : IAsyncDisposable
{
    private StreamHost(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        Services = services;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public LiveAlertHub Hub => Services.GetRequiredService<LiveAlertHub>();

    public StreamHealthRegistry Health => Services.GetRequiredService<StreamHealthRegistry>();

    public static async Task<StreamHost> StartAsync(TomDashboard.Data.DatabaseProvider provider = TomDashboard.Data.DatabaseProvider.Sqlite)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddSingleton(database.Factory)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            // The app's own registrations; the stream supervisor they add is never started here (no host runs).
            .AddTargets(configuration)
            .AddStreams(configuration)
            .BuildServiceProvider();
        return new StreamHost(database, services);
    }

    /// <summary>The stream's pipeline as the supervisor builds it at start; the test fails if it does not compile.</summary>
    public StreamPipeline Pipeline(StreamOptions stream)
    {
        var build = Services.GetRequiredService<StreamPipelineBuilder>().Build(stream);
        return build.Pipeline ?? throw new InvalidOperationException(string.Join(" ", build.Problems));
    }

    /// <summary>A Kafka worker for the stream, started; stop it with <see cref="IHostedService.StopAsync"/>.</summary>
    public async Task<KafkaStreamWorker> StartWorkerAsync(StreamOptions stream)
    {
        var health = Health.Register(stream.Name, stream.Kind, stream.Problems());
        var worker = ActivatorUtilities.CreateInstance<KafkaStreamWorker>(Services, Pipeline(stream), health);
        await worker.StartAsync(TestContext.Current.CancellationToken);
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
