using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Handlers;

namespace TomDashboard.Streams;

/// <summary>
/// What one stream's messages go through, built once when the stream starts: its topic rules with their patterns
/// compiled, their handlers with conditions parsed, and the stream's own decoders (the Rubin decoder with its
/// schema-registry client). Nothing of it is rebuilt per message.
/// </summary>
public sealed class StreamPipeline : IDisposable
{
    private readonly IReadOnlyDictionary<PacketFormat, IPacketDecoder> _decoders;
    private readonly ConcurrentDictionary<string, TopicRule?> _ruleByTopic = new(StringComparer.Ordinal);

    internal StreamPipeline(StreamOptions options, IReadOnlyList<TopicRule> rules, IReadOnlyDictionary<PacketFormat, IPacketDecoder> decoders)
    {
        Options = options;
        Rules = rules;
        _decoders = decoders;
    }

    public StreamOptions Options { get; }

    public string Name => Options.Name;

    /// <summary>
    /// Whether the persisting reader shows its alerts on this instance's Live pages. Off when a live reader of this
    /// instance does (several instances: the shared group gives each only some partitions).
    /// </summary>
    public bool PublishesLive { get; internal set; } = true;

    /// <summary>The topic rules in their configured order.</summary>
    public IReadOnlyList<TopicRule> Rules { get; }

    /// <summary>The rule for a topic: its exact name first, then the first matching pattern, then <c>*</c>; remembered per topic.</summary>
    public TopicRule? RuleFor(string topic) => _ruleByTopic.GetOrAdd(topic, Find);

    /// <summary>The decoder for a topic's format, or null when the stream has none for it.</summary>
    public IPacketDecoder? DecoderFor(string topic, out PacketFormat format)
    {
        format = RuleFor(topic)?.Format ?? Options.Format;
        return _decoders.GetValueOrDefault(format);
    }

    public void Dispose()
    {
        foreach (var decoder in _decoders.Values)
        {
            (decoder as IDisposable)?.Dispose();
        }
    }

    private TopicRule? Find(string topic) =>
        Rules.FirstOrDefault(rule => rule.Kind == TopicRuleKind.Exact && rule.Topic == topic)
        ?? Rules.FirstOrDefault(rule => rule.Kind == TopicRuleKind.Pattern && rule.Matches(topic))
        ?? Rules.FirstOrDefault(rule => rule.Kind == TopicRuleKind.Fallback);
}

public enum TopicRuleKind
{
    Exact,
    Pattern,
    Fallback,
}

/// <summary>A topic rule as its stream runs it: the pattern compiled and the handlers built.</summary>
public sealed class TopicRule
{
    private readonly Regex? _pattern;

    internal TopicRule(TopicOptions options, PacketFormat format, Regex? pattern, IReadOnlyList<IStreamHandler> handlers)
    {
        Topic = options.Topic;
        Kind = options.IsFallback ? TopicRuleKind.Fallback : options.IsPattern ? TopicRuleKind.Pattern : TopicRuleKind.Exact;
        Format = format;
        Handlers = handlers;
        _pattern = pattern;
    }

    public string Topic { get; }

    public TopicRuleKind Kind { get; }

    public PacketFormat Format { get; }

    /// <summary>In the order configured; none means show only.</summary>
    public IReadOnlyList<IStreamHandler> Handlers { get; }

    public bool Matches(string topic)
    {
        try
        {
            return _pattern?.IsMatch(topic) == true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
