using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TomDashboard.Streams.Decoders;
using static TomDashboard.Tests.Streams.Decoders.TestEnvelopes;

namespace TomDashboard.Tests.Streams.Decoders;

public sealed class HopskotchDecoderTests
{
    private const string Stream = "Hopskotch";

    private static readonly byte[] UuidBytes =
        [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF];

    // The JSON form hop-client makes of a Swift BAT VOEvent (xmltodict, attributes without a prefix).
    private const string SwiftVoEvent = """
        {
          "ivorn": "ivo://nasa.gsfc.gcn/SWIFT#BAT_GRB_Pos_1287821-530",
          "role": "observation",
          "version": "2.0",
          "Who": {"AuthorIVORN": "ivo://nasa.gsfc.tan/gcn", "Date": "2025-01-13T05:32:40"},
          "What": {
            "Param": [
              {"name": "Packet_Type", "value": "61"},
              {"name": "TrigID", "value": "1287821", "ucd": "meta.id"},
              {"name": "Rate_Signif", "value": "12.34", "unit": "sigma"}
            ],
            "Group": {"name": "Misc_Flags", "Param": {"name": "StarTrack_Lost_Lock", "value": "false"}}
          },
          "WhereWhen": {
            "ObsDataLocation": {
              "ObservatoryLocation": {"id": "GEOLUN"},
              "ObservationLocation": {
                "AstroCoordSystem": {"id": "UTC-FK5-GEO"},
                "AstroCoords": {
                  "coord_system_id": "UTC-FK5-GEO",
                  "Time": {"unit": "s", "TimeInstant": {"ISOTime": "2025-01-13T05:32:07.17"}},
                  "Position2D": {
                    "unit": "deg", "Name1": "RA", "Name2": "Dec",
                    "Value2": {"C1": "16.0900", "C2": "-12.1645"},
                    "Error2Radius": "0.0733"
                  }
                }
              }
            }
          },
          "How": {"Description": "Swift Satellite, BAT Instrument"},
          "Description": "Swift-BAT GRB position"
        }
        """;

    private readonly HopskotchDecoder _decoder = new();

    [Fact]
    public void Reads_the_hopskotch_format() => Assert.Equal(PacketFormat.Hopskotch, _decoder.Format);

    [Fact]
    public async Task Maps_a_json_message_generically_with_the_id_header_as_uuid()
    {
        const string payload = """
            {"name": "AT 2025abc", "ra": 187.1234, "dec": -12.5, "discovery_date": "2025-04-15 12:30:05",
             "mag": 18.2, "telescope": "LCO 1m", "photometry": [{"mag": 18.2}]}
            """;
        var envelope = Text(Stream, "hermes.discovery", payload, Headers(("_format", "json"), ("_id", UuidBytes), ("_sender", "hermes")));

        var decoded = await DecodeSingleAsync(_decoder, envelope);
        var alert = decoded.Alert;

        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", alert.Id);
        Assert.Equal("AT 2025abc", alert.Name);
        Assert.Equal(Stream, alert.Source);
        Assert.Equal("hermes.discovery", alert.Topic);
        Assert.Equal(ReceivedAt, alert.ReceivedAt);
        Assert.Equal(187.1234, alert.Ra);
        Assert.Equal(-12.5, alert.Dec);
        EqualToTheSecond(Utc(2025, 4, 15, 12, 30, 5), alert.Timestamp);
        Assert.Equal(payload, alert.RawJson);
        Assert.Equal(18.2, decoded.Fields["mag"]);
        Assert.Equal("LCO 1m", decoded.Fields["telescope"]);
        Assert.False(decoded.Fields.ContainsKey("photometry"));
        Assert.False(decoded.Fields.ContainsKey("test"));
    }

    [Fact]
    public async Task Reads_sexagesimal_positions_and_takes_the_title_as_name()
    {
        const string payload = """{"title": "ZTF follow-up of EP250108a", "ra": "12:28:29.6", "dec": "-00:30:00", "time": "2025-01-08T09:10:11Z"}""";

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "hermes.followup", payload, Headers(("_format", "json"))));

        Assert.Equal("ZTF follow-up of EP250108a", decoded.Alert.Name);
        Assert.Equal(15 * (12 + (28 / 60.0) + (29.6 / 3600)), decoded.Alert.Ra!.Value, 9);
        Assert.Equal(-0.5, decoded.Alert.Dec);
        EqualToTheSecond(Utc(2025, 1, 8, 9, 10, 11), decoded.Alert.Timestamp);
        Assert.Equal(Sha256(payload), decoded.Alert.Id);
    }

    [Fact]
    public async Task Maps_a_voevent_by_its_ivorn_position_time_and_params()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.voevent", SwiftVoEvent, Headers(("_format", "voevent"), ("_id", UuidBytes))));
        var alert = decoded.Alert;

        Assert.Equal("ivo://nasa.gsfc.gcn/SWIFT#BAT_GRB_Pos_1287821-530", alert.Id);
        Assert.Equal("BAT_GRB_Pos_1287821-530", alert.Name);
        Assert.Equal(16.09, alert.Ra);
        Assert.Equal(-12.1645, alert.Dec);
        EqualToTheSecond(Utc(2025, 1, 13, 5, 32, 7), alert.Timestamp);
        Assert.Equal(61.0, decoded.Fields["Packet_Type"]);
        Assert.Equal(12.34, decoded.Fields["Rate_Signif"]);
        Assert.Equal("false", decoded.Fields["StarTrack_Lost_Lock"]);
        Assert.Equal("observation", decoded.Fields["role"]);
    }

    [Fact]
    public async Task Names_a_gcn_circular_by_its_subject_and_dates_it_by_created_on()
    {
        const string payload = """
            {"subject": "EP250108a: Einstein Probe detection of a fast X-ray transient", "eventId": "EP250108a",
             "circularId": 38861, "createdOn": 1736330000000, "submitter": "A. Astronomer at Somewhere",
             "body": "The Einstein Probe reports <b>a</b> transient..."}
            """;

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.circulars", payload, Headers(("_format", "circular"))));

        Assert.Equal("EP250108a: Einstein Probe detection of a fast X-ray transient", decoded.Alert.Name);
        EqualToTheSecond(Utc(2025, 1, 8, 9, 53, 20), decoded.Alert.Timestamp);
        Assert.Equal(38861.0, decoded.Fields["circularId"]);
        Assert.Equal("EP250108a", decoded.Fields["eventId"]);
        Assert.Contains("<b>a</b>", decoded.Alert.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_a_hop_client_circular_header_with_the_gcn_date_format()
    {
        const string payload = """
            {"header": {"title": "GCN CIRCULAR", "number": "27503",
                        "subject": "LIGO/Virgo S200316bj: Identification of a GW compact binary merger candidate",
                        "date": "20/03/17 01:47:38 GMT", "from": "Someone at LIGO"},
             "body": "The LIGO Scientific Collaboration..."}
            """;

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.circular", payload, Headers(("_format", "circular"))));

        Assert.Equal("LIGO/Virgo S200316bj: Identification of a GW compact binary merger candidate", decoded.Alert.Name);
        EqualToTheSecond(Utc(2020, 3, 17, 1, 47, 38), decoded.Alert.Timestamp);
        Assert.Equal("27503", decoded.Fields["header.number"]);
    }

    [Fact]
    public async Task Shows_a_blob_by_its_length_only()
    {
        byte[] bytes = [0x00, 0xFF, 0x10, 0x42];

        var decoded = await DecodeSingleAsync(_decoder, Bytes(Stream, "sys.blobs", bytes, Headers(("_format", "blob"))));

        Assert.Equal("blob", decoded.Alert.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), decoded.Alert.Id);
        using var raw = JsonDocument.Parse(decoded.Alert.RawJson);
        Assert.Equal("blob", raw.RootElement.GetProperty("format").GetString());
        Assert.Equal(4, raw.RootElement.GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task Refuses_avro_payloads_for_now()
    {
        var envelope = Bytes(Stream, "ampel.lsst.extragalactic-infants", [0x4F, 0x62, 0x6A, 0x01], Headers(("_format", "avro")));

        var exception = await Assert.ThrowsAsync<PacketDecodeException>(() => _decoder.DecodeAsync(envelope, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal("Hopskotch avro payloads are not supported yet", exception.Message);
    }

    [Fact]
    public async Task Decodes_a_test_message_and_marks_it()
    {
        var envelope = Text(Stream, "tomtoolkit.test", """{"name": "Test target", "ra": 10.0, "dec": 20.0}""", Headers(("_format", "json"), ("_test", "true")));

        var decoded = await DecodeSingleAsync(_decoder, envelope);

        Assert.Equal("Test target", decoded.Alert.Name);
        Assert.Equal(true, decoded.Fields["test"]);
    }

    [Fact]
    public async Task Reads_the_legacy_envelope_where_blob_meant_json()
    {
        const string payload = """{"format": "blob", "content": {"objectId": "ZTF21abcdefg", "ra": 5.5, "dec": -7.25, "date": "2021-06-01T02:03:04"}}""";

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "old.topic", payload));

        Assert.Equal("ZTF21abcdefg", decoded.Alert.Name);
        Assert.Equal(5.5, decoded.Alert.Ra);
        Assert.Equal(-7.25, decoded.Alert.Dec);
        EqualToTheSecond(Utc(2021, 6, 1, 2, 3, 4), decoded.Alert.Timestamp);
        Assert.StartsWith("{\"objectId\"", decoded.Alert.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_a_voevent_in_the_legacy_envelope()
    {
        var payload = $$"""{"format": "voevent", "content": {{SwiftVoEvent}}}""";

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "old.gcn", payload));

        Assert.Equal("ivo://nasa.gsfc.gcn/SWIFT#BAT_GRB_Pos_1287821-530", decoded.Alert.Id);
        Assert.Equal(16.09, decoded.Alert.Ra);
    }

    [Fact]
    public async Task Reads_unlabelled_plain_json_and_falls_back_to_the_message_id_for_a_name()
    {
        const string payload = """{"timestamp": 1736330000000000, "count": 17, "beat": "LUB"}""";

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "sys.heartbeat", payload, Headers(("_id", UuidBytes))));

        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", decoded.Alert.Id);
        Assert.Equal(decoded.Alert.Id, decoded.Alert.Name);
        Assert.Null(decoded.Alert.Timestamp);
        Assert.Equal(17.0, decoded.Fields["count"]);
        Assert.Equal("LUB", decoded.Fields["beat"]);
    }

    [Fact]
    public async Task Treats_unlabelled_bytes_that_are_not_json_as_a_blob()
    {
        byte[] bytes = [0xC3, 0x28, 0x7B, 0x00];

        var decoded = await DecodeSingleAsync(_decoder, Bytes(Stream, "raw.bytes", bytes));

        Assert.Equal("blob", decoded.Alert.Name);
        Assert.Contains("\"length\":4", decoded.Alert.RawJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json", "{not json", "The Hopskotch json payload is not valid JSON")]
    [InlineData("json", "", "The Hopskotch json payload is empty")]
    [InlineData("voevent", """{"role": "observation"}""", "The Hopskotch voevent payload has no ivorn")]
    [InlineData("circular", """["subject"]""", "The Hopskotch circular payload is not a JSON object")]
    public async Task Rejects_malformed_labelled_payloads(string format, string payload, string reason)
    {
        var envelope = Text(Stream, "broken", payload, Headers(("_format", format)));

        var exception = await Assert.ThrowsAsync<PacketDecodeException>(() => _decoder.DecodeAsync(envelope, TestContext.Current.CancellationToken).AsTask());

        Assert.StartsWith(reason, exception.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, byte[]> Headers(params (string Key, object Value)[] headers) =>
        headers.ToDictionary(
            header => header.Key,
            header => header.Value as byte[] ?? Encoding.UTF8.GetBytes((string)header.Value),
            StringComparer.Ordinal);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
