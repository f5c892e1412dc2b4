using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Kafka;
using TomDashboard.Streams.Live;
using TomDashboard.Streams.Simulated;
using TomDashboard.Streams.Upstream;

namespace TomDashboard.Hosting;

public static class StreamsHosting
{
    public const string Section = "Streams";

    /// <summary>
    /// The live page's hub, the decoders, and one supervised hosted service per active, valid stream in
    /// <c>Streams</c>. A stream with configuration problems is reported (page and log) and skipped; the rest run.
    /// </summary>
    public static IHostApplicationBuilder AddStreams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>()
            .Bind(builder.Configuration.GetSection(LiveOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LiveAlertHub>();
        builder.Services.AddSingleton<StreamMessageProcessor>();
        builder.Services.AddSingleton<StreamMessageLog>();
        builder.Services.AddSingleton<IPacketDecoder, ZtfAvroDecoder>();
        builder.Services.AddSingleton<IPacketDecoder, RubinAvroDecoder>();
        builder.Services.AddSingleton<IPacketDecoder, LasairJsonDecoder>();
        builder.Services.AddSingleton<IPacketDecoder, HopskotchDecoder>();
        builder.Services.AddSingleton<IPacketDecoder, GcnJsonDecoder>();
        builder.Services.AddSingleton<IPacketDecoder, GcnTextDecoder>();
        builder.AddUpstream();

        var registry = new StreamHealthRegistry();
        builder.Services.AddSingleton(registry);
        var streams = builder.Configuration.GetSection(Section).Get<List<StreamOptions>>() ?? [];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var stream in streams)
        {
            // An inactive stream is only listed; its settings are checked when it is switched on.
            var problems = stream.Active ? stream.Problems().ToList() : [];
            if (!string.IsNullOrWhiteSpace(stream.Name) && !names.Add(stream.Name))
            {
                problems.Add($"Another stream is also named {stream.Name}; names must be unique.");
            }

            var health = registry.Register(string.IsNullOrWhiteSpace(stream.Name) ? "(unnamed)" : stream.Name, stream.Kind, problems);
            if (!stream.Active)
            {
                health.Inactive();
                continue;
            }

            if (problems.Count > 0)
            {
                continue;
            }

            builder.Services.AddSingleton<IHostedService>(services => stream.Kind == StreamKind.Simulated
                ? ActivatorUtilities.CreateInstance<SimulatedStreamWorker>(services, stream, health)
                : ActivatorUtilities.CreateInstance<KafkaStreamWorker>(services, stream, health));
        }

        return builder;
    }

    /// <summary>Says at start-up which streams cannot run and why.</summary>
    public static void LogStreamProblems(this StreamHealthRegistry registry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var stream in registry.Snapshot().Where(stream => stream.Problems.Count > 0))
        {
            logger.LogError("Stream {Stream} is not started: {Problems}", stream.Name, string.Join(" ", stream.Problems));
        }
    }
}
