using System.Text.Json;
using TomDashboard.Streams.Decoders;
using static TomDashboard.Tests.Streams.Decoders.TestEnvelopes;

namespace TomDashboard.Tests.Streams.Decoders;

public sealed class GcnTextDecoderTests
{
    private const string Stream = "GCN";

    private const string SwiftBatPosition = """
        TITLE:           GCN/SWIFT NOTICE
        NOTICE_DATE:     Mon 13 Jan 25 05:32:40 UT
        NOTICE_TYPE:     Swift-BAT GRB Position ACK
        TRIGGER_NUM:     1287821,   Seg_Num: 0
        GRB_RA:           16.0900d {+01h 04m 21.59s} (J2000),
                          16.2218d {+01h 04m 53.23s} (current),
                          15.4601d {+01h 01m 50.42s} (1950)
        GRB_DEC:         -12.1645d {-12d 09' 52.2"} (J2000),
                         -12.0897d {-12d 05' 23.1"} (current),
                         -12.4318d {-12d 25' 54.3"} (1950)
        GRB_ERROR:        3.00 [arcmin radius, statistical only]
        GRB_INTEN:       3425 [cnts]    Image_Peak=231 [image_cnts]
        TRIGGER_DUR:     1.024 [sec]
        BKG_TIME:        19862.17 SOD {05:31:02.17} UT
        GRB_DATE:        20688 TJD;    13 DOY;   25/01/13
        GRB_TIME:        19927.17 SOD {05:32:07.17} UT
        SOLN_STATUS:     0x3
        RATE_SIGNIF:     12.34 [sigma]
        SUN_POSTN:       295.15d {+19h 40m 36s}  -21.22d {-21d 13' 27"}
        GAL_COORDS:      142.11,-74.76 [deg] galactic lon,lat of the burst (or transient)
        COMMENTS:        SWIFT-BAT GRB Coordinates.
        COMMENTS:        This is a rate trigger.
        COMMENTS:        A point_source was found.
        """;

    // The sample notice in SCiMMA's skip and hermes GCN/LVC parsers.
    private const string LvcPreliminary = """
        TITLE:            GCN/LVC NOTICE
        NOTICE_DATE:      Mon 16 Mar 20 22:01:09 UT
        NOTICE_TYPE:      LVC Preliminary
        TRIGGER_NUM:      S200316bj
        TRIGGER_DATE:     18924 TJD;    76 DOY;   2020/03/16 (yyyy/mm/dd)
        TRIGGER_TIME:     79076.157221 SOD {21:57:56.157221} UT
        SEQUENCE_NUM:     1
        GROUP_TYPE:       1 = CBC
        SEARCH_TYPE:      1 = AllSky
        PIPELINE_TYPE:    4 = gstlal
        FAR:              7.099e-11 [Hz]  (one per 163037.0 days)  (one per 446.68 years)
        PROB_NS:          0.00 [range is 0.0-1.0]
        PROB_REMNANT:     0.00 [range is 0.0-1.0]
        PROB_BNS:         0.00 [range is 0.0-1.0]
        PROB_NSBH:        0.00 [range is 0.0-1.0]
        PROB_BBH:         0.00 [range is 0.0-1.0]
        PROB_MassGap:     0.99 [range is 0.0-1.0]
        PROB_TERRES:      0.00 [range is 0.0-1.0]
        TRIGGER_ID:       0x10
        MISC:             0x1898807
        SKYMAP_FITS_URL:  https://gracedb.ligo.org/api/superevents/S200316bj/files/bayestar.fits.gz,0
        EVENTPAGE_URL:    https://gracedb.ligo.org/superevents/S200316bj/view/
        COMMENTS:         LVC Preliminary Trigger Alert.
        COMMENTS:         This event is an OpenAlert.
        """;

    private const string LvcRetraction = """
        TITLE:            GCN/LVC NOTICE
        NOTICE_DATE:      Tue 17 Mar 20 00:25:47 UT
        NOTICE_TYPE:      LVC Retraction
        TRIGGER_NUM:      S200316bj
        TRIGGER_DATE:     18924 TJD;    76 DOY;   2020/03/16 (yyyy/mm/dd)
        TRIGGER_TIME:     79076.157221 SOD {21:57:56.157221} UT
        SEQUENCE_NUM:     2
        COMMENTS:         LVC Retraction Notice.
        """;

    private readonly GcnTextDecoder _decoder = new();

    [Fact]
    public void Reads_the_gcn_text_format() => Assert.Equal(PacketFormat.GcnText, _decoder.Format);

    [Fact]
    public async Task Maps_a_swift_position_notice_from_its_j2000_degrees_and_event_date_and_time()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.classic.text.SWIFT_BAT_GRB_POS_ACK", SwiftBatPosition));
        var alert = decoded.Alert;

        Assert.Equal("Swift-BAT GRB Position ACK 1287821", alert.Name);
        Assert.Equal("1287821|Swift-BAT GRB Position ACK|Mon 13 Jan 25 05:32:40 UT", alert.Id);
        Assert.Equal(Stream, alert.Source);
        Assert.Equal("gcn.classic.text.SWIFT_BAT_GRB_POS_ACK", alert.Topic);
        Assert.Equal(ReceivedAt, alert.ReceivedAt);
        Assert.Equal(16.09, alert.Ra);
        Assert.Equal(-12.1645, alert.Dec);
        EqualToTheSecond(Utc(2025, 1, 13, 5, 32, 7), alert.Timestamp);
        Assert.Equal(0.17, alert.Timestamp!.Value.TimeOfDay.TotalSeconds % 1, 6);
    }

    [Fact]
    public async Task Keeps_every_key_in_the_raw_json_with_continued_and_repeated_values()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.classic.text.SWIFT_BAT_GRB_POS_ACK", SwiftBatPosition));

        using var raw = JsonDocument.Parse(decoded.Alert.RawJson);
        var root = raw.RootElement;
        Assert.Equal("GCN/SWIFT NOTICE", root.GetProperty("TITLE").GetString());
        Assert.Equal(
            "-12.1645d {-12d 09' 52.2\"} (J2000),\n-12.0897d {-12d 05' 23.1\"} (current),\n-12.4318d {-12d 25' 54.3\"} (1950)",
            root.GetProperty("GRB_DEC").GetString());
        Assert.Equal(
            "SWIFT-BAT GRB Coordinates.\nThis is a rate trigger.\nA point_source was found.",
            root.GetProperty("COMMENTS").GetString());
        Assert.Equal(17, root.EnumerateObject().Count());
    }

    [Fact]
    public async Task Gives_handlers_leading_numbers_as_numbers_and_other_values_as_text()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.classic.text.SWIFT_BAT_GRB_POS_ACK", SwiftBatPosition));
        var fields = decoded.Fields;

        Assert.Equal(3.0, fields["GRB_ERROR"]);
        Assert.Equal(12.34, fields["RATE_SIGNIF"]);
        Assert.Equal(16.09, fields["GRB_RA"]);
        Assert.Equal(1287821.0, fields["TRIGGER_NUM"]);
        Assert.Equal(142.11, fields["GAL_COORDS"]);
        Assert.Equal("0x3", fields["SOLN_STATUS"]);
        Assert.Equal("GCN/SWIFT NOTICE", fields["TITLE"]);
        Assert.Equal("Mon 13 Jan 25 05:32:40 UT", fields["NOTICE_DATE"]);
    }

    [Fact]
    public async Task Names_an_lvc_notice_by_its_superevent_and_dates_it_by_the_trigger()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.classic.text.LVC_PRELIMINARY", LvcPreliminary));
        var alert = decoded.Alert;

        Assert.Equal("S200316bj", alert.Name);
        Assert.Equal("S200316bj|LVC Preliminary|Mon 16 Mar 20 22:01:09 UT", alert.Id);
        EqualToTheSecond(Utc(2020, 3, 16, 21, 57, 56), alert.Timestamp);
        Assert.Null(alert.Ra);
        Assert.Null(alert.Dec);
        Assert.Equal(7.099e-11, decoded.Fields["FAR"]);
        Assert.Equal(0.99, decoded.Fields["PROB_MassGap"]);
        Assert.Equal(1.0, decoded.Fields["GROUP_TYPE"]);
        Assert.Equal("0x10", decoded.Fields["TRIGGER_ID"]);
        Assert.Equal("https://gracedb.ligo.org/superevents/S200316bj/view/", decoded.Fields["EVENTPAGE_URL"]);
    }

    [Fact]
    public async Task Gives_a_retraction_the_same_name_but_its_own_id()
    {
        var preliminary = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.classic.text.LVC_PRELIMINARY", LvcPreliminary));
        var retraction = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.classic.text.LVC_RETRACTION", LvcRetraction));

        Assert.Equal(preliminary.Alert.Name, retraction.Alert.Name);
        Assert.Equal("S200316bj|LVC Retraction|Tue 17 Mar 20 00:25:47 UT", retraction.Alert.Id);
        Assert.NotEqual(preliminary.Alert.Id, retraction.Alert.Id);
        EqualToTheSecond(Utc(2020, 3, 16, 21, 57, 56), retraction.Alert.Timestamp);
    }

    [Fact]
    public async Task Reads_crlf_lines_and_falls_back_to_tjd_and_seconds_of_day()
    {
        var notice = string.Join(
            "\r\n",
            "TITLE:           GCN/FERMI NOTICE",
            "NOTICE_DATE:     Tue 18 Apr 23 05:29:21 UT",
            "NOTICE_TYPE:     Fermi-GBM Flight Position",
            "RECORD_NUM:      46",
            "TRIGGER_NUM:     703488537",
            "GRB_RA:           40.117d {+02h 40m 28s} (J2000),",
            "                  40.426d {+02h 41m 42s} (current),",
            "GRB_DEC:          +7.267d {+07d 16' 00\"} (J2000),",
            "                  +7.366d {+07d 21' 56\"} (current),",
            "GRB_ERROR:       34.97 [deg radius, statistical plus systematic]",
            "GRB_DATE:        20052 TJD;   108 DOY;",
            "GRB_TIME:        19732.12 SOD",
            "");

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.classic.text.FERMI_GBM_FLT_POS", notice));

        Assert.Equal("Fermi-GBM Flight Position 703488537", decoded.Alert.Name);
        Assert.Equal(40.117, decoded.Alert.Ra);
        Assert.Equal(7.267, decoded.Alert.Dec);
        // TJD 20052 = MJD 60052 = 2023-04-18; 19732.12 s of day = 05:28:52.12.
        EqualToTheSecond(Utc(2023, 4, 18, 5, 28, 52), decoded.Alert.Timestamp);
        Assert.Equal(46.0, decoded.Fields["RECORD_NUM"]);
    }

    [Fact]
    public async Task Dates_a_notice_without_an_event_time_by_its_notice_date()
    {
        const string notice = """
            TITLE:           GCN/SWIFT NOTICE
            NOTICE_DATE:     Fri  3 May 24 04:16:31 UT
            NOTICE_TYPE:     SWIFT Pointing Direction
            NEXT_POINT_RA:   213.407d {+14h 13m 38s} (J2000)
            COMMENTS:        SWIFT Slew Notice to a preplanned target.
            """;

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "gcn.classic.text.SWIFT_POINTDIR", notice));

        Assert.Equal("SWIFT Pointing Direction", decoded.Alert.Name);
        Assert.Equal("SWIFT Pointing Direction|Fri  3 May 24 04:16:31 UT", decoded.Alert.Id);
        EqualToTheSecond(Utc(2024, 5, 3, 4, 16, 31), decoded.Alert.Timestamp);
        Assert.Null(decoded.Alert.Ra);
    }

    [Theory]
    [InlineData("", "has no KEY: value lines")]
    [InlineData("hello world, this is not a notice", "has no KEY: value lines")]
    [InlineData("{\"TITLE\": \"GCN/SWIFT NOTICE\"}", "has no KEY: value lines")]
    [InlineData("Note: nothing here\n  indented: neither", "has no KEY: value lines")]
    [InlineData("SOME_KEY:   some value\nOTHER:  7", "has no TITLE, NOTICE_TYPE or TRIGGER_NUM")]
    public async Task Rejects_text_that_is_not_a_notice(string text, string reason)
    {
        var exception = await Assert.ThrowsAsync<PacketDecodeException>(
            () => _decoder.DecodeAsync(Text(Stream, "gcn.classic.text.BROKEN", text), TestContext.Current.CancellationToken).AsTask());

        Assert.Equal($"The GCN text notice {reason}.", exception.Message);
    }

    [Fact]
    public async Task Rejects_binary_garbage()
    {
        var envelope = Bytes(Stream, "gcn.classic.binary.BROKEN", [0x00, 0x00, 0x00, 0x61, 0xFF, 0xFE, 0x3A, 0x0A]);

        await Assert.ThrowsAsync<PacketDecodeException>(() => _decoder.DecodeAsync(envelope, TestContext.Current.CancellationToken).AsTask());
    }
}
