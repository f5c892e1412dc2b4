using TomDashboard.Streams.Decoders;
using static TomDashboard.Tests.Streams.Decoders.TestEnvelopes;

namespace TomDashboard.Tests.Streams.Decoders;

public sealed class GcnJsonDecoderTests
{
    private const string Stream = "GCN";

    // Shaped after gcn-schema v6.1.0 gcn/notices/swift/bat/Guano.example.json.
    private const string SwiftGuano = """
        {
          "$schema": "https://gcn.nasa.gov/schema/v6.1.0/gcn/notices/swift/bat/Guano.schema.json",
          "mission": "Swift",
          "instrument": "BAT-GUANO",
          "messenger": "EM",
          "record_number": 1,
          "alert_datetime": "2023-01-01T03:24:36.0Z",
          "alert_tense": "current",
          "alert_type": "initial",
          "trigger_time": "2022-12-31T21:46:05.13Z",
          "rate_snr": 15.8,
          "rate_duration": 0.256,
          "rate_energy_range": [15, 350],
          "classification": { "GRB": 1 },
          "far": 0.00001,
          "follow_up_event": "Fermi 694215970",
          "follow_up_type": "GRB",
          "data_archive_page": "https://guano.swift.psu.edu/trigger_report?id=694215995",
          "id": ["694215995"]
        }
        """;

    // Shaped after gcn-schema gcn/notices/LVK/Igwn.Preliminary.example.json.
    private const string IgwnPreliminary = """
        {
          "alert_type": "PRELIMINARY",
          "time_created": "2018-11-01T22:34:49Z",
          "superevent_id": "MS181101ab",
          "urls": {"gracedb": "https://example.org/superevents/MS181101ab/view/"},
          "event": {
            "time": "2018-11-01T22:22:46.654Z",
            "far": 9.11069936486e-14,
            "significant": true,
            "instruments": ["H1", "L1", "V1"],
            "group": "CBC",
            "pipeline": "gstlal",
            "search": "MDC",
            "properties": {"HasNS": 0.95, "HasRemnant": 0.91, "HasMassGap": 0.01},
            "classification": {"BNS": 0.95, "NSBH": 0.01, "BBH": 0.03, "Terrestrial": 0.01},
            "duration": null,
            "central_frequency": null,
            "skymap": "U0lNUExFICA9ICAgICAgICAgICAgICAgICAgICBUIC8gY29uZm..."
          },
          "external_coinc": null
        }
        """;

    private readonly GcnJsonDecoder _decoder = new();

    [Fact]
    public void Reads_the_gcn_json_format() => Assert.Equal(PacketFormat.GcnJson, _decoder.Format);

    [Fact]
    public async Task Names_a_notice_by_mission_and_first_id_and_keys_it_by_type_and_notice_time()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.notices.swift.bat.guano", SwiftGuano));
        var alert = decoded.Alert;

        Assert.Equal("Swift 694215995", alert.Name);
        Assert.Equal("Swift 694215995|initial|2023-01-01T03:24:36.0Z", alert.Id);
        Assert.Equal(Stream, alert.Source);
        Assert.Equal("gcn.notices.swift.bat.guano", alert.Topic);
        Assert.Equal(ReceivedAt, alert.ReceivedAt);
        EqualToTheSecond(Utc(2022, 12, 31, 21, 46, 5), alert.Timestamp);
        Assert.Null(alert.Ra);
        Assert.Null(alert.Dec);
        Assert.Null(alert.Score);
        Assert.Equal("https://guano.swift.psu.edu/trigger_report?id=694215995", alert.Url);
        Assert.Equal(SwiftGuano, alert.RawJson);
        Assert.Equal(0.00001, decoded.Fields["far"]);
        Assert.Equal(1.0, decoded.Fields["classification.GRB"]);
        Assert.Equal("694215995", decoded.Fields["id"]);
        Assert.Equal("initial", decoded.Fields["alert_type"]);
    }

    [Fact]
    public async Task Gives_a_retraction_of_the_same_trigger_its_own_id()
    {
        var retraction = SwiftGuano.Replace("\"alert_type\": \"initial\"", "\"alert_type\": \"retraction\"", StringComparison.Ordinal);

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.notices.swift.bat.guano", retraction));

        Assert.Equal("Swift 694215995", decoded.Alert.Name);
        Assert.Equal("Swift 694215995|retraction|2023-01-01T03:24:36.0Z", decoded.Alert.Id);
    }

    [Fact]
    public async Task Maps_a_localised_notice_without_a_mission_by_its_instrument()
    {
        // gcn-schema v6.1.0 gcn/notices/einstein_probe/wxt/alert.example.json: the id keeps its leading zero.
        const string notice = """
            {
              "$schema": "https://gcn.nasa.gov/schema/v6.1.0/gcn/notices/einstein_probe/wxt/alert.schema.json",
              "instrument": "WXT",
              "trigger_time": "2024-03-01T21:46:05.13Z",
              "id": ["01708973486"],
              "ra": 120.0125,
              "dec": -40.5,
              "ra_dec_error": 0.02,
              "image_energy_range": [0.5, 4],
              "net_count_rate": 1,
              "image_snr": 1
            }
            """;

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.notices.einstein_probe.wxt.alert", notice));
        var alert = decoded.Alert;

        Assert.Equal("WXT 01708973486", alert.Name);
        Assert.StartsWith("WXT 01708973486|", alert.Id, StringComparison.Ordinal);
        Assert.Equal(alert.Id, (await DecodeSingleAsync(_decoder, Text(Stream, "other", notice))).Alert.Id);
        Assert.Equal(120.0125, alert.Ra);
        Assert.Equal(-40.5, alert.Dec);
        EqualToTheSecond(Utc(2024, 3, 1, 21, 46, 5), alert.Timestamp);
        Assert.Equal(0.02, decoded.Fields["ra_dec_error"]);
        Assert.Equal("01708973486", decoded.Fields["id"]);
    }

    [Fact]
    public async Task Names_a_notice_without_an_id_by_mission_and_trigger_time_and_reads_an_error_ellipse()
    {
        const string notice = """
            {"mission": "IceCube", "alert_datetime": "2024-05-01T10:00:00Z", "alert_type": "initial",
             "trigger_time": "2024-05-01T09:58:12.5Z", "ra": 350.1, "dec": -10.2, "ra_dec_error": [0.5, 0.8, 0]}
            """;

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.notices.icecube.track", notice));

        Assert.Equal("IceCube 2024-05-01T09:58:12.5Z", decoded.Alert.Name);
        Assert.Equal("IceCube 2024-05-01T09:58:12.5Z|initial|2024-05-01T10:00:00Z", decoded.Alert.Id);
        EqualToTheSecond(Utc(2024, 5, 1, 9, 58, 12), decoded.Alert.Timestamp);
        Assert.Equal(350.1, decoded.Alert.Ra);
        Assert.Equal(0.5, decoded.Fields["ra_dec_error"]);
    }

    [Fact]
    public async Task Maps_a_gw_alert_by_superevent_with_one_minus_terrestrial_as_score()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "igwn.gwalert", IgwnPreliminary));
        var alert = decoded.Alert;

        Assert.Equal("MS181101ab", alert.Name);
        Assert.Equal("MS181101ab|PRELIMINARY|2018-11-01T22:34:49Z", alert.Id);
        EqualToTheSecond(Utc(2018, 11, 1, 22, 22, 46), alert.Timestamp);
        Assert.Equal(0.99, alert.Score!.Value, 12);
        Assert.Null(alert.Ra);
        Assert.Null(alert.Dec);
        Assert.Equal("https://example.org/superevents/MS181101ab/view/", alert.Url);
        Assert.Equal(9.11069936486e-14, decoded.Fields["event.far"]);
        Assert.Equal(true, decoded.Fields["event.significant"]);
        Assert.Equal(0.95, decoded.Fields["event.classification.BNS"]);
        Assert.Equal("PRELIMINARY", decoded.Fields["alert_type"]);
    }

    [Fact]
    public async Task Dates_a_gw_retraction_by_its_creation_time_and_gives_it_no_score()
    {
        const string retraction = """
            {"alert_type": "RETRACTION", "time_created": "2018-11-01T23:36:23Z", "superevent_id": "MS181101ab",
             "urls": {"gracedb": "https://example.org/superevents/MS181101ab/view/"}, "event": null, "external_coinc": null}
            """;

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "igwn.gwalert", retraction));

        Assert.Equal("MS181101ab|RETRACTION|2018-11-01T23:36:23Z", decoded.Alert.Id);
        EqualToTheSecond(Utc(2018, 11, 1, 23, 36, 23), decoded.Alert.Timestamp);
        Assert.Null(decoded.Alert.Score);
    }

    [Fact]
    public async Task Leaves_a_long_sky_map_out_of_the_fields_but_keeps_it_in_the_raw_json()
    {
        var skymap = new string('A', 5000);
        var alert = IgwnPreliminary.Replace("U0lNUExFICA9ICAgICAgICAgICAgICAgICAgICBUIC8gY29uZm...", skymap, StringComparison.Ordinal);

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "igwn.gwalert", alert));

        Assert.False(decoded.Fields.ContainsKey("event.skymap"));
        Assert.Contains(skymap, decoded.Alert.RawJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TITLE:           GCN/SWIFT NOTICE")]
    [InlineData("")]
    [InlineData("[\"gcn\"]")]
    [InlineData("{\"mission\": \"Swift\",")]
    public async Task Rejects_garbage_with_a_decode_exception(string notice)
    {
        var exception = await Assert.ThrowsAsync<PacketDecodeException>(
            () => _decoder.DecodeAsync(Text(Stream, "gcn.notices.broken", notice), TestContext.Current.CancellationToken).AsTask());

        Assert.StartsWith("The GCN notice", exception.Message, StringComparison.Ordinal);
    }
}
