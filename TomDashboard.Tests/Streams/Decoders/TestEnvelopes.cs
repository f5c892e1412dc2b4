using System.Text;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;

namespace TomDashboard.Tests.Streams.Decoders;

/// <summary>Stream messages built by hand, as a Kafka consumer would hand them to a decoder.</summary>
internal static class TestEnvelopes
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static StreamEnvelope Text(string stream, string topic, string value, IReadOnlyDictionary<string, byte[]>? headers = null) =>
        Bytes(stream, topic, Encoding.UTF8.GetBytes(value), headers);

    public static StreamEnvelope Bytes(string stream, string topic, byte[] value, IReadOnlyDictionary<string, byte[]>? headers = null) => new()
    {
        Stream = stream,
        Topic = topic,
        Partition = 1,
        Offset = 42,
        ReceivedAt = ReceivedAt,
        Value = value,
        Headers = headers ?? new Dictionary<string, byte[]>(),
    };

    public static async Task<DecodedAlert> DecodeSingleAsync(IPacketDecoder decoder, StreamEnvelope envelope) =>
        Assert.Single(await decoder.DecodeAsync(envelope, TestContext.Current.CancellationToken));

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>
    /// The instant falls in the expected UTC second, the way the grids show it (a millisecond early is allowed for
    /// times that come from a floating-point MJD).
    /// </summary>
    public static void EqualToTheSecond(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(TimeSpan.Zero, actual.Value.Offset);
        Assert.InRange(actual.Value, expected.AddMilliseconds(-1), expected.AddTicks(TimeSpan.TicksPerSecond - 1));
    }
}
