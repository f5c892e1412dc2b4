using System.Text.Json;
using TomDashboard.Astronomy;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams.Decoders;

public sealed class ZtfAvroDecoderTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    private static StreamEnvelope Envelope(byte[] value) => new()
    {
        Stream = "ZTF",
        Topic = "ztf_20180425_programid3_public",
        ReceivedAt = new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero),
        Value = value,
    };

    [Fact]
    public async Task Decodes_the_fixture_packet_to_an_alert_row()
    {
        var decoded = Assert.Single(await new ZtfAvroDecoder().DecodeAsync(Envelope(Fixtures.ZtfPacket), Cancellation));
        var alert = decoded.Alert;

        Assert.Equal("472263571115115000", alert.Id);
        Assert.Equal("ZTF17aaajnnn", alert.Name);
        Assert.Equal(("ZTF", "ztf_20180425_programid3_public"), (alert.Source, alert.Topic));
        Assert.NotNull(alert.Ra);
        Assert.InRange(alert.Ra!.Value, 0, 360);
        Assert.InRange(alert.Dec!.Value, -90, 90);
        Assert.Equal(decoded.Fields["magpsf"], alert.Mag);
        Assert.Equal(AstroTime.FromJd((double)decoded.Fields["jd"]!), alert.Timestamp);
        Assert.Equal(2L, Convert.ToInt64(decoded.Fields["fid"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("https://alerce.online/object/ZTF17aaajnnn", alert.Url);
    }

    [Fact]
    public async Task Keeps_the_packet_as_json_with_exact_ids_and_without_stamp_bytes()
    {
        var alert = Assert.Single(await new ZtfAvroDecoder().DecodeAsync(Envelope(Fixtures.ZtfPacket), Cancellation)).Alert;

        using var json = JsonDocument.Parse(alert.RawJson);
        Assert.Equal("472263571115115000", json.RootElement.GetProperty("candid").GetString());
        Assert.Equal("ZTF17aaajnnn", json.RootElement.GetProperty("objectId").GetString());
        Assert.Matches(@"^<\d+ bytes>$", json.RootElement.GetProperty("cutoutScience").GetProperty("stampData").GetString());
        Assert.Equal(11, json.RootElement.GetProperty("prv_candidates").GetArrayLength());
    }

    [Fact]
    public async Task Photometry_has_the_detection_and_the_eleven_upper_limits()
    {
        var decoded = Assert.Single(await new ZtfAvroDecoder().DecodeAsync(Envelope(Fixtures.ZtfPacket), Cancellation));

        var detections = decoded.Photometry.Where(point => point.Magnitude is not null).ToList();
        var limits = decoded.Photometry.Where(point => point.Limit is not null).ToList();
        var detection = Assert.Single(detections);
        Assert.Equal(decoded.Alert.Mag, detection.Magnitude);
        Assert.Equal("ztfr", detection.Band);
        Assert.Equal(decoded.Alert.Timestamp, detection.Timestamp);
        Assert.Equal(11, limits.Count);
        Assert.All(limits, limit => Assert.InRange(limit.Limit!.Value, 14, 24));
        Assert.Equal(decoded.Photometry.OrderBy(point => point.Timestamp), decoded.Photometry);
    }

    [Fact]
    public async Task Cutouts_are_the_three_stamps_as_the_packet_gives_them_gzipped_fits()
    {
        var cutouts = Assert.Single(await new ZtfAvroDecoder().DecodeAsync(Envelope(Fixtures.ZtfPacket), Cancellation)).Cutouts!;

        foreach (var stamp in new[] { cutouts.Science, cutouts.Template, cutouts.Difference })
        {
            Assert.NotNull(stamp);
            Assert.Equal((0x1F, 0x8B), (stamp![0], stamp[1]));
            var image = FitsImage.Read(stamp);
            Assert.Equal((63, 63), (image.Width, image.Height));
            Assert.Contains(image.Pixels, pixel => float.IsFinite(pixel) && pixel != 0);
        }
    }

    [Fact]
    public async Task The_json_for_view_is_made_only_when_asked_and_is_the_same_each_time()
    {
        var alert = Assert.Single(await new ZtfAvroDecoder().DecodeAsync(Envelope(Fixtures.ZtfPacket), Cancellation)).Alert;

        Assert.NotNull(alert.RawJsonSource);
        var first = alert.RawJson;
        Assert.Equal(first, alert.RawJson);
        Assert.NotSame(first, alert.RawJson);
        Assert.Equal("ZTF17aaajnnn", JsonDocument.Parse(first).RootElement.GetProperty("objectId").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { (byte)'O', (byte)'b', (byte)'j', 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 })]
    public async Task Garbage_is_a_decode_error_with_a_reason(byte[] value)
    {
        var error = await Assert.ThrowsAsync<PacketDecodeException>(async () => await new ZtfAvroDecoder().DecodeAsync(Envelope(value), Cancellation));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task A_truncated_packet_is_a_decode_error()
    {
        var packet = Fixtures.ZtfPacket;
        await Assert.ThrowsAsync<PacketDecodeException>(async () => await new ZtfAvroDecoder().DecodeAsync(Envelope(packet[..(packet.Length / 2)]), Cancellation));
    }
}

public sealed class ZtfAvroDecoderBrokenSchemaTests
{
    /// <summary>The fixture packet with one piece of its embedded schema text replaced by another of the same length.</summary>
    internal static byte[] WithSchemaText(string find, string replace)
    {
        Assert.Equal(find.Length, replace.Length);
        var packet = Fixtures.ZtfPacket;
        var text = System.Text.Encoding.Latin1.GetString(packet);
        var at = text.IndexOf(find, text.IndexOf("avro.schema", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at > 0, $"{find} is in the fixture's schema");
        System.Text.Encoding.Latin1.GetBytes(replace).CopyTo(packet, at);
        return packet;
    }

    [Theory]
    [InlineData("\"fields\"", "\"fieldz\"")]
    [InlineData("\"type\": \"record\"", "\"type\": \"recxrd\"")]
    [InlineData("{\"type\": \"string\", \"name\": \"schemavsn\"", "{\"type\": \"string\", \"name\": \u00ff\u0001chemavsn\"")]
    [InlineData("\"name\": \"alert\"", "\"name\": 1234567")]
    [InlineData("\"fields\": [", "\"fields\": {")]
    public async Task A_broken_embedded_schema_is_a_decode_error_that_says_so(string find, string replace)
    {
        var envelope = TestEnvelopes.Bytes("ZTF", "ztf_20180425_programid3_public", WithSchemaText(find, replace));

        var error = await Assert.ThrowsAsync<PacketDecodeException>(async () => await new ZtfAvroDecoder().DecodeAsync(envelope, TestContext.Current.CancellationToken));

        Assert.Contains("its Avro schema cannot be parsed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Object reference", error.Message, StringComparison.Ordinal);
    }
}
