using Microsoft.Extensions.Options;
using TomDashboard.Data;
using TomDashboard.Streams.Kafka;
using TomDashboard.Streams.Simulated;

namespace TomDashboard.Streams;

/// <summary>
/// Starts one worker per active, valid stream in <c>Streams</c>, and reports the others on the streams page and in
/// the log. Configuration is read when the host starts, after every source (environment, tests) has been applied.
/// A stream that cannot even be read is reported like any invalid one; it never stops the app.
/// </summary>
public sealed partial class StreamSupervisor(
    IConfiguration configuration,
    IOptionsMonitor<StreamOptions> streams,
    StreamHealthRegistry registry,
    StreamPipelineBuilder pipelines,
    IServiceProvider services,
    ILogger<StreamSupervisor> logger,
    IOptions<ClusterOptions> cluster) : IHostedService
{
    public const string Section = "Streams";
    private readonly List<BackgroundService> _workers = [];
    private readonly List<StreamPipeline> _pipelines = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            var (stream, problems) = Read(section);
            var name = string.IsNullOrWhiteSpace(stream?.Name) ? section["Name"] ?? $"Streams:{section.Key}" : stream.Name;
            if (stream is not null && !names.Add(name))
            {
                problems.Add($"Another stream is also named {name}; names must be unique.");
            }

            // The pipeline compiles the stream's rules and conditions: what does not compile is reported like any problem.
            var build = stream is { Active: true } && problems.Count == 0 ? pipelines.Build(stream) : null;
            if (build is not null)
            {
                problems.AddRange(build.Problems.Where(problem => !problems.Contains(problem, StringComparer.Ordinal)));
            }

            var health = registry.Register(name, stream?.Kind ?? StreamKind.Kafka, stream is { Active: false } ? [] : problems);
            if (stream is { Active: false })
            {
                health.Inactive();
                continue;
            }

            if (stream is null || problems.Count > 0 || build?.Pipeline is not { } pipeline)
            {
                LogNotStarted(logger, name, string.Join(" ", problems));
                continue;
            }

            _pipelines.Add(pipeline);
            var liveReader = stream.Kind == StreamKind.Kafka && cluster.Value.LiveReadsPerInstance;
            pipeline.PublishesLive = !liveReader;
            BackgroundService worker = stream.Kind == StreamKind.Simulated
                ? ActivatorUtilities.CreateInstance<SimulatedStreamWorker>(services, pipeline, health)
                : ActivatorUtilities.CreateInstance<KafkaStreamWorker>(services, pipeline, health, KafkaReaderRole.Persisting);
            _workers.Add(worker);
            await worker.StartAsync(cancellationToken);
            LogStarted(logger, name, stream.Kind);
            if (liveReader && pipelines.Build(stream).Pipeline is { } livePipeline)
            {
                // Its own pipeline (decoders are not shared between threads) and its own health, kept off the pages:
                // the stream's line is the persisting reader's.
                _pipelines.Add(livePipeline);
                var live = ActivatorUtilities.CreateInstance<KafkaStreamWorker>(
                    services, livePipeline, new StreamHealth(name, stream.Kind, []), KafkaReaderRole.LiveOnly);
                _workers.Add(live);
                await live.StartAsync(cancellationToken);
                LogLiveReaderStarted(logger, name, Kafka.KafkaClientConfig.LiveGroupId(stream, cluster.Value.InstanceId));
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_workers.Select(worker => worker.StopAsync(cancellationToken)));
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        foreach (var pipeline in _pipelines)
        {
            pipeline.Dispose();
        }
    }

    /// <summary>The stream as the options system binds and validates it (<see cref="StreamOptionsValidator"/>).</summary>
    private (StreamOptions? Stream, List<string> Problems) Read(IConfigurationSection section)
    {
        try
        {
            return (streams.Get(section.Key), []);
        }
        catch (OptionsValidationException invalid)
        {
            // The section binds, but breaks the rules: report it under what it says of itself.
            var stream = new StreamOptions { Name = section["Name"] ?? "", Kind = Enum.TryParse<StreamKind>(section["Kind"], ignoreCase: true, out var kind) ? kind : StreamKind.Kafka };
            return (stream, [.. invalid.Failures]);
        }
        catch (InvalidOperationException exception)
        {
            return (null, [$"Its configuration cannot be read: {exception.Message}"]);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream {Stream} is not started: {Problems}")]
    private static partial void LogNotStarted(ILogger logger, string stream, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} also read for this instance's Live pages in group {Group}")]
    private static partial void LogLiveReaderStarted(ILogger logger, string stream, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} ({Kind}) started")]
    private static partial void LogStarted(ILogger logger, string stream, StreamKind kind);
}
