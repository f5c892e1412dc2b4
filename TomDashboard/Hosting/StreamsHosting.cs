using Microsoft.Extensions.Options;
using TomDashboard.Streams;
using TomDashboard.Streams.Live;
using TomDashboard.Streams.Upstream;

namespace TomDashboard.Hosting;

public static class StreamsHosting
{
    /// <summary>
    /// The live page's hub, the pipeline builder, and one supervised hosted service per active, valid stream in
    /// <c>Streams</c>. A stream with configuration problems is reported (page and log) and skipped; the rest run.
    /// </summary>
    public static IServiceCollection AddStreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>()
            .Bind(configuration.GetSection(LiveOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IConfigureOptions<StreamOptions>, StreamOptionsBinder>();
        services.AddSingleton<IValidateOptions<StreamOptions>, StreamOptionsValidator>();
        services.AddSingleton<LiveAlertHub>();
        services.AddSingleton<StreamMessageProcessor>();
        services.AddSingleton<StreamMessageLog>();
        // Each stream's decoders, rules and handlers are built for it when it starts (StreamPipeline).
        services.AddSingleton<StreamPipelineBuilder>();
        services.AddUpstream(configuration);

        services.AddSingleton<StreamHealthRegistry>();
        services.AddMetrics();
        services.AddSingleton<StreamMetrics>();
        services.AddSingleton<StreamRateHistory>();
        services.AddHostedService(provider => provider.GetRequiredService<StreamRateHistory>());
        services.AddHostedService<StreamSupervisor>();
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<MessageLogRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<MessageLogRetention>());
        return services;
    }
}
