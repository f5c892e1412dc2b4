using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Live;
using TomDashboard.Streams.Upstream;

namespace TomDashboard.Hosting;

public static class StreamsHosting
{
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

        builder.Services.AddSingleton<StreamHealthRegistry>();
        builder.Services.AddHostedService<StreamSupervisor>();
        return builder;
    }
}
