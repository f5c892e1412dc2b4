using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using TomDashboard.Streams.Decoders;

namespace TomDashboard.Streams;

public enum StreamKind
{
    Kafka,
    Simulated,
}

public enum StartPosition
{
    Latest,
    Earliest,
}

public enum StreamSecurityMode
{
    None,

    /// <summary>SASL/SCRAM-SHA-512 over TLS with a username and password (Hopskotch, Fink, Rubin brokers).</summary>
    SaslScram512,

    /// <summary>SASL/OAUTHBEARER with OIDC client credentials (GCN Kafka).</summary>
    OAuthClientCredentials,
}

public enum HandlerAction
{
    /// <summary>Show on the Live page only.</summary>
    ShowOnly,

    /// <summary>Create a target through the target writer, when the condition holds.</summary>
    CreateTarget,

    /// <summary>Create the target (as above) and add it to a target list named after the topic.</summary>
    AddToList,

    /// <summary>Attach the packet's photometry to an existing target matched by name or alias.</summary>
    AttachPhotometry,
}

/// <summary>One entry of <c>Streams</c> in appsettings.json.</summary>
public sealed class StreamOptions
{
    public string Name { get; set; } = "";

    public bool Active { get; set; } = true;

    public StreamKind Kind { get; set; } = StreamKind.Kafka;

    public string? BootstrapServers { get; set; }

    public string? GroupId { get; set; }

    public StartPosition StartFrom { get; set; } = StartPosition.Latest;

    public StreamSecurityOptions Security { get; set; } = new();

    /// <summary>How messages are encoded, unless a topic says otherwise.</summary>
    public PacketFormat Format { get; set; } = PacketFormat.ZtfAvro;

    /// <summary>Further librdkafka settings, by their librdkafka names (e.g. <c>ssl.ca.location</c>, <c>session.timeout.ms</c>).</summary>
    public Dictionary<string, string> Kafka { get; set; } = [];

    /// <summary>For Rubin Avro: the schema registry's base URL.</summary>
    public string? SchemaRegistryUrl { get; set; }

    /// <summary>Topic rules: exact names and <c>^regular expressions</c> are subscribed; <c>*</c> is the fallback rule.</summary>
    public List<TopicOptions> Topics { get; set; } = [];

    public SimulatedStreamOptions Simulated { get; set; } = new();

    /// <summary>Every problem that keeps this stream from running, in words for the streams page.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("A stream needs a Name.");
        }

        if (Kind == StreamKind.Kafka)
        {
            if (string.IsNullOrWhiteSpace(BootstrapServers))
            {
                problems.Add("BootstrapServers is required for a Kafka stream.");
            }

            if (string.IsNullOrWhiteSpace(GroupId))
            {
                problems.Add("GroupId is required for a Kafka stream, so that it resumes where it stopped.");
            }

            if (!Topics.Any(topic => topic.IsSubscription))
            {
                problems.Add("Topics needs at least one topic name or ^regular expression to subscribe to.");
            }

            if (Format == PacketFormat.RubinAvro || Topics.Any(topic => topic.Format == PacketFormat.RubinAvro))
            {
                if (!Uri.TryCreate(SchemaRegistryUrl, UriKind.Absolute, out _))
                {
                    problems.Add("SchemaRegistryUrl (an absolute URL) is required for Rubin Avro.");
                }
            }

            problems.AddRange(Security.Problems());
        }
        else
        {
            problems.AddRange(Simulated.Problems());
        }

        foreach (var topic in Topics)
        {
            problems.AddRange(topic.Problems());
        }

        return problems;
    }
}

public sealed class StreamSecurityOptions
{
    public StreamSecurityMode Mode { get; set; } = StreamSecurityMode.None;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? TokenEndpoint { get; set; }

    public IEnumerable<string> Problems()
    {
        switch (Mode)
        {
            case StreamSecurityMode.SaslScram512:
                if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrWhiteSpace(Password))
                {
                    yield return "SASL/SCRAM-SHA-512 needs Security:Username and Security:Password (set the password in the environment).";
                }

                break;
            case StreamSecurityMode.OAuthClientCredentials:
                if (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret))
                {
                    yield return "OAuth needs Security:ClientId and Security:ClientSecret (set the secret in the environment).";
                }

                if (!Uri.TryCreate(TokenEndpoint, UriKind.Absolute, out _))
                {
                    yield return "OAuth needs Security:TokenEndpoint, an absolute URL.";
                }

                break;
        }
    }
}

/// <summary>A topic rule: which topics it covers, how they are encoded, and what to do with each alert.</summary>
public sealed class TopicOptions
{
    /// <summary>An exact topic name, a regular expression starting with <c>^</c>, or <c>*</c> for any other topic.</summary>
    public string Topic { get; set; } = "";

    /// <summary>Overrides the stream's format for these topics.</summary>
    public PacketFormat? Format { get; set; }

    /// <summary>What to do with each alert; none means show only. (No default item: the binder would append to it.)</summary>
    public List<HandlerOptions> Handlers { get; set; } = [];

    public bool IsFallback => Topic == "*";

    public bool IsPattern => Topic.StartsWith('^');

    /// <summary>Exact names and patterns are subscribed to; the fallback only catches what they bring.</summary>
    public bool IsSubscription => !IsFallback && !string.IsNullOrWhiteSpace(Topic);

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Topic))
        {
            yield return "Every topic rule needs a Topic (a name, a ^regular expression, or *).";
        }
        else if (IsPattern && !IsValidRegex(Topic))
        {
            yield return $"The topic pattern {Topic} is not a valid regular expression.";
        }
        else if (IsPattern && PerlEscape(Topic) is { } escape)
        {
            yield return $"The pattern {Topic} uses \\{escape}, which Kafka's pattern dialect does not know; write {PosixFor(escape)} instead.";
        }

        foreach (var handler in Handlers)
        {
            if (handler.When is { Length: > 0 } condition && AlertCondition.Check(condition) is { } problem)
            {
                yield return $"The condition \u201c{condition}\u201d on {Topic} cannot be read: {problem}";
            }
        }
    }

    /// <summary>
    /// The first Perl class escape in the pattern (<c>d</c> for <c>\d</c>): librdkafka matches patterns with POSIX-style
    /// regular expressions, where these never match, so the subscription would silently catch nothing.
    /// </summary>
    private static char? PerlEscape(string pattern)
    {
        for (var i = 0; i < pattern.Length - 1; i++)
        {
            if (pattern[i] != '\\')
            {
                continue;
            }

            if ("dDwWsS".Contains(pattern[i + 1], StringComparison.Ordinal))
            {
                return pattern[i + 1];
            }

            i++; // an escaped character, e.g. \\ or \.
        }

        return null;
    }

    private static string PosixFor(char escape) => escape switch
    {
        'd' => "[0-9]",
        'D' => "[^0-9]",
        'w' => "[A-Za-z0-9_]",
        'W' => "[^A-Za-z0-9_]",
        's' => "[[:space:]]",
        _ => "[^[:space:]]",
    };

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public sealed class HandlerOptions
{
    public HandlerAction Action { get; set; } = HandlerAction.ShowOnly;

    /// <summary>A condition on packet fields, e.g. <c>rb &gt;= 0.65 and magpsf &lt; 19</c>; empty means always.</summary>
    public string? When { get; set; }

    /// <summary>For AddToList: the list's name; empty means the topic's name.</summary>
    public string? List { get; set; }
}

public sealed class SimulatedStreamOptions
{
    /// <summary>Steady rate between bursts.</summary>
    [Range(0.01, 10_000)]
    public double AlertsPerSecond { get; set; } = 1;

    /// <summary>A burst like a survey visit every so many seconds (0: no bursts).</summary>
    [Range(0, 86_400)]
    public int BurstEverySeconds { get; set; } = 30;

    [Range(0, 100_000)]
    public int BurstSize { get; set; } = 20;

    /// <summary>Fixes the random sequence, for tests.</summary>
    public int? Seed { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!(AlertsPerSecond > 0 && AlertsPerSecond <= 10_000))
        {
            yield return "Simulated:AlertsPerSecond must be between 0.01 and 10000.";
        }

        if (BurstEverySeconds < 0 || BurstSize < 0)
        {
            yield return "Simulated:BurstEverySeconds and BurstSize cannot be negative.";
        }
    }
}
