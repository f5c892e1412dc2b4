using System.Text.RegularExpressions;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Handlers;
using TomDashboard.Targets;

namespace TomDashboard.Streams;

/// <summary>A stream's pipeline, or every reason it cannot be built (for the streams page).</summary>
public sealed record StreamPipelineBuild(StreamPipeline? Pipeline, IReadOnlyList<string> Problems);

/// <summary>Builds each stream's <see cref="StreamPipeline"/> at start, with the handlers' services.</summary>
public sealed class StreamPipelineBuilder(TargetLists lists, TargetSearch search, TargetWriter targets)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The pipeline, or why its rules do not compile (patterns, conditions). The rest of the stream's settings are
    /// checked when the options are bound (<see cref="StreamOptions.Problems"/>).
    /// </summary>
    public StreamPipelineBuild Build(StreamOptions stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var problems = new List<string>();
        var rules = new List<TopicRule>();
        foreach (var topic in stream.Topics)
        {
            var handlers = new List<IStreamHandler>();
            foreach (var handler in topic.Handlers)
            {
                AlertCondition? condition = null;
                if (handler.When is { Length: > 0 } text && text.Trim().Length > 0)
                {
                    condition = AlertCondition.Parse(text, out var problem);
                    if (condition is null)
                    {
                        AddOnce(problems, $"The condition \u201c{text}\u201d on {topic.Topic} cannot be read: {problem}");
                        continue;
                    }
                }

                handlers.Add(Handler(handler, condition));
            }

            Regex? pattern = null;
            if (topic.IsPattern)
            {
                try
                {
                    pattern = new Regex(topic.Topic, RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout);
                }
                catch (ArgumentException)
                {
                    AddOnce(problems, $"The topic pattern {topic.Topic} is not a valid regular expression.");
                }
            }

            rules.Add(new TopicRule(topic, topic.Format ?? stream.Format, pattern, handlers));
        }

        if (problems.Count > 0)
        {
            return new StreamPipelineBuild(null, problems);
        }

        var formats = rules.Select(rule => rule.Format).Append(stream.Format).Distinct();
        var decoders = formats.ToDictionary(format => format, format => Decoder(format, stream));
        return new StreamPipelineBuild(new StreamPipeline(stream, rules, decoders), []);
    }

    private IStreamHandler Handler(HandlerOptions options, AlertCondition? condition) => options.Action switch
    {
        HandlerAction.CreateTarget => new CreateTargetHandler(condition),
        HandlerAction.AddToList => new AddToListHandler(condition, string.IsNullOrWhiteSpace(options.List) ? null : options.List.Trim(), lists),
        HandlerAction.AttachPhotometry => new AttachPhotometryHandler(condition, search, targets),
        _ => new ShowOnlyHandler(condition),
    };

    private static IPacketDecoder Decoder(PacketFormat format, StreamOptions stream) => format switch
    {
        PacketFormat.ZtfAvro => new ZtfAvroDecoder(),
        PacketFormat.RubinAvro => new RubinAvroDecoder(stream.SchemaRegistryUrl),
        PacketFormat.LasairJson => new LasairJsonDecoder(),
        PacketFormat.Hopskotch => new HopskotchDecoder(),
        PacketFormat.GcnJson => new GcnJsonDecoder(),
        PacketFormat.GcnText => new GcnTextDecoder(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "No decoder is known for this format."),
    };

    private static void AddOnce(List<string> problems, string problem)
    {
        if (!problems.Contains(problem, StringComparer.Ordinal))
        {
            problems.Add(problem);
        }
    }
}
