using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;

namespace TomDashboard.Tests.Streams;

public sealed class StreamOptionsTests
{
    private static StreamOptions Kafka() => new()
    {
        Name = "ZTF",
        Kind = StreamKind.Kafka,
        BootstrapServers = "localhost:9092",
        GroupId = "tomdashboard",
        Topics = [new TopicOptions { Topic = "ztf_20261128_programid1" }],
    };

    [Fact]
    public void A_complete_kafka_stream_has_no_problems() => Assert.Empty(Kafka().Problems());

    [Fact]
    public void Names_every_missing_setting()
    {
        var stream = new StreamOptions { Kind = StreamKind.Kafka, Format = PacketFormat.RubinAvro, Security = new StreamSecurityOptions { Mode = StreamSecurityMode.SaslScram512, Username = "me" } };

        var problems = stream.Problems();

        Assert.Contains("A stream needs a Name.", problems);
        Assert.Contains("BootstrapServers is required for a Kafka stream.", problems);
        Assert.Contains(problems, problem => problem.StartsWith("GroupId is required", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Topics needs at least one topic", StringComparison.Ordinal));
        Assert.Contains("SchemaRegistryUrl (an absolute URL) is required for Rubin Avro.", problems);
        Assert.Contains(problems, problem => problem.StartsWith("SASL/SCRAM-SHA-512 needs Security:Username and Security:Password", StringComparison.Ordinal));
    }

    [Fact]
    public void Oauth_needs_client_credentials_and_a_token_endpoint()
    {
        var stream = Kafka();
        stream.Security = new StreamSecurityOptions { Mode = StreamSecurityMode.OAuthClientCredentials, ClientId = "id" };
        Assert.Equal(2, stream.Problems().Count);
    }

    [Theory]
    [InlineData("^ztf_[", "is not a valid regular expression")]
    [InlineData("", "Every topic rule needs a Topic")]
    public void Rejects_bad_topic_rules(string topic, string expected)
    {
        var stream = Kafka();
        stream.Topics.Add(new TopicOptions { Topic = topic });
        Assert.Contains(stream.Problems(), problem => problem.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(@"^ztf_\d+$", @"The pattern ^ztf_\d+$ uses \d, which Kafka's pattern dialect does not know; write [0-9] instead.")]
    [InlineData(@"^ztf_\w+_public$", @"The pattern ^ztf_\w+_public$ uses \w, which Kafka's pattern dialect does not know; write [A-Za-z0-9_] instead.")]
    [InlineData(@"^ztf\s", @"The pattern ^ztf\s uses \s, which Kafka's pattern dialect does not know; write [[:space:]] instead.")]
    [InlineData(@"^ztf_\.\D", @"The pattern ^ztf_\.\D uses \D, which Kafka's pattern dialect does not know; write [^0-9] instead.")]
    public void Rejects_perl_escapes_in_topic_patterns_with_the_posix_spelling(string pattern, string expected)
    {
        var stream = Kafka();
        stream.Topics.Add(new TopicOptions { Topic = pattern });
        Assert.Equal([expected], stream.Problems());
    }

    [Theory]
    [InlineData(@"^ztf_[0-9]+_programid[13]$")]
    [InlineData(@"^ztf\.\\d$")]
    [InlineData("ztf_\\d_is_a_plain_name")]
    public void Accepts_patterns_in_kafkas_dialect_and_leaves_exact_names_alone(string topic)
    {
        var stream = Kafka();
        stream.Topics.Add(new TopicOptions { Topic = topic });
        Assert.Empty(stream.Problems());
    }

    [Fact]
    public void Rejects_a_condition_that_cannot_be_read()
    {
        var stream = Kafka();
        stream.Topics[0].Handlers.Add(new HandlerOptions { Action = HandlerAction.CreateTarget, When = "rb >= and (" });
        Assert.Contains(stream.Problems(), problem => problem.StartsWith("The condition \u201crb >= and (\u201d on ztf_20261128_programid1 cannot be read", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rb >= 0.65 and magpsf < 19", 0.7, 18.2, true)]
    [InlineData("rb >= 0.65 and magpsf < 19", 0.5, 18.2, false)]
    [InlineData("rb >= 0.65 and magpsf < 19", 0.9, 19.5, false)]
    [InlineData("(rb > 0.9 or magpsf < 15) and not (magpsf > 21)", 0.95, 20.0, true)]
    [InlineData("", 0.1, 25.0, true)]
    public void Conditions_test_packet_fields(string condition, double rb, double magpsf, bool expected)
    {
        var fields = new Dictionary<string, object?> { ["rb"] = rb, ["magpsf"] = magpsf };
        Assert.Equal(expected, AlertCondition.Holds(condition, fields, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_condition_on_a_field_the_packet_lacks_is_false_with_the_reason()
    {
        Assert.False(AlertCondition.Holds("drb > 0.5", new Dictionary<string, object?> { ["rb"] = 0.9 }, out var problem));
        Assert.Contains("drb > 0.5", problem, StringComparison.Ordinal);
    }
}
