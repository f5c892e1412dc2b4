using System.Text.Json;
using TomDashboard.Streams.Decoders;
using static TomDashboard.Tests.Streams.Decoders.TestEnvelopes;

namespace TomDashboard.Tests.Streams.Decoders;

public sealed class LasairJsonDecoderTests
{
    private const string Stream = "Lasair";

    // An LSST filter with the lite light curve: diaObjectId is a bare number beyond 2^53.
    private const string LsstLiteMessage = """
        {
          "diaObjectId": 3068394670028488708,
          "ra": 150.1234567,
          "decl": -2.3456789,
          "nDiaSources": 3,
          "lastDiaSourceMjdTai": 61010.25,
          "sherlock_classification": "SN",
          "UTC": "2025-12-01 06:10:11",
          "alert": {
            "diaSourcesList": [
              {"psfFlux": 10000.0, "psfFluxErr": 200.0, "midpointMjdTai": 61010.25, "band": "r", "reliability": 0.97},
              {"psfFlux": 5754.399373, "psfFluxErr": 120.0, "midpointMjdTai": 61008.125, "band": "g", "reliability": 0.91},
              {"psfFlux": -350.0, "psfFluxErr": 100.0, "midpointMjdTai": 61009.5, "band": "r", "reliability": 0.12}
            ],
            "diaForcedSourcesList": [
              {"psfFlux": 12.0, "psfFluxErr": 30.0, "midpointMjdTai": 61001.1, "band": "g"}
            ]
          }
        }
        """;

    private const string ZtfMessage = """
        {"objectId": "ZTF24aaabcde", "ramean": 187.1234567, "decmean": 12.3456789, "jdmax": 2460500.75,
         "gmag": 18.9, "rmag": 18.6, "ncand": 7, "sherlock_classification": "SN", "UTC": "2024-07-12 10:00:03"}
        """;

    private readonly LasairJsonDecoder _decoder = new();

    [Fact]
    public void Reads_the_lasair_json_format() => Assert.Equal(PacketFormat.LasairJson, _decoder.Format);

    [Fact]
    public async Task Keeps_every_digit_of_a_bare_number_dia_object_id()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2Hasabsmag", LsstLiteMessage));

        Assert.Equal("3068394670028488708", decoded.Alert.Id);
        Assert.Equal("3068394670028488708", decoded.Alert.Name);
        Assert.Equal("https://lasair.lsst.ac.uk/objects/3068394670028488708/", decoded.Alert.Url);
        Assert.Equal(3068394670028488708L, Assert.IsType<long>(decoded.Fields["diaObjectId"]));
    }

    [Fact]
    public async Task Maps_an_lsst_row_with_the_newest_source_for_magnitude_and_score()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2Hasabsmag", LsstLiteMessage));
        var alert = decoded.Alert;

        Assert.Equal(Stream, alert.Source);
        Assert.Equal("lasair_2Hasabsmag", alert.Topic);
        Assert.Equal(ReceivedAt, alert.ReceivedAt);
        Assert.Equal(150.1234567, alert.Ra);
        Assert.Equal(-2.3456789, alert.Dec);
        // lastDiaSourceMjdTai 61010.25 is 2025-12-01 06:00:00 TAI, 37 s ahead of UTC.
        EqualToTheSecond(Utc(2025, 12, 1, 5, 59, 23), alert.Timestamp);
        Assert.Equal(21.4, alert.Mag!.Value, 6);
        Assert.Equal(0.97, alert.Score);
        Assert.Equal(LsstLiteMessage, alert.RawJson);
    }

    [Fact]
    public async Task Turns_the_lite_light_curve_into_photometry_oldest_first()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2Hasabsmag", LsstLiteMessage));

        Assert.Collection(
            decoded.Photometry,
            first =>
            {
                Assert.Equal("g", first.Band);
                Assert.Equal(22.0, first.Magnitude!.Value, 6);
                Assert.Equal(1.0857 * 120.0 / 5754.399373, first.MagnitudeError!.Value, 4);
                Assert.Null(first.Limit);
                EqualToTheSecond(Utc(2025, 11, 29, 2, 59, 23), first.Timestamp);
                Assert.Equal(Stream, first.Source);
            },
            negative =>
            {
                // −350 ± 100 nJy: no magnitude, only the 5σ limit 31.4 − 2.5·log10(500).
                Assert.Equal("r", negative.Band);
                Assert.Null(negative.Magnitude);
                Assert.Null(negative.MagnitudeError);
                Assert.Equal(24.652575, negative.Limit!.Value, tolerance: 1e-6);
                EqualToTheSecond(Utc(2025, 11, 30, 11, 59, 23), negative.Timestamp);
            },
            newest =>
            {
                Assert.Equal("r", newest.Band);
                Assert.Equal(21.4, newest.Magnitude!.Value, 6);
                Assert.Equal(0.0217147, newest.MagnitudeError!.Value, 6);
                EqualToTheSecond(Utc(2025, 12, 1, 5, 59, 23), newest.Timestamp);
            });
    }

    [Fact]
    public async Task Puts_top_level_columns_in_the_fields_and_leaves_nested_ones_to_the_raw_json()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2Hasabsmag", LsstLiteMessage));

        Assert.Equal(3.0, decoded.Fields["nDiaSources"]);
        Assert.Equal(150.1234567, decoded.Fields["ra"]);
        Assert.Equal("SN", decoded.Fields["sherlock_classification"]);
        Assert.Equal("2025-12-01 06:10:11", decoded.Fields["UTC"]);
        Assert.False(decoded.Fields.ContainsKey("alert"));
    }

    [Fact]
    public async Task Prefers_a_source_level_id_and_keeps_the_object_id_as_the_name()
    {
        const string message = """
            {"diaObjectId": 3068394670028488708, "diaSourceId": 3068394670028488999, "ra": 10.5, "decl": -5.25,
             "midpointMjdTai": 61010.5, "UTC": "2025-12-01 12:05:00"}
            """;

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_7sources", message));

        Assert.Equal("3068394670028488999", decoded.Alert.Id);
        Assert.Equal("3068394670028488708", decoded.Alert.Name);
        EqualToTheSecond(Utc(2025, 12, 1, 11, 59, 23), decoded.Alert.Timestamp);
        Assert.Empty(decoded.Photometry);
    }

    [Fact]
    public async Task Maps_a_ztf_row_from_its_mean_position_jd_and_latest_r_magnitude()
    {
        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2BrightSNe", ZtfMessage));
        var alert = decoded.Alert;

        Assert.Equal("ZTF24aaabcde", alert.Id);
        Assert.Equal("ZTF24aaabcde", alert.Name);
        Assert.Equal("https://lasair-ztf.lsst.ac.uk/objects/ZTF24aaabcde/", alert.Url);
        Assert.Equal(187.1234567, alert.Ra);
        Assert.Equal(12.3456789, alert.Dec);
        // jdmax 2460500.75 = MJD 60500.25 (UTC).
        EqualToTheSecond(Utc(2024, 7, 9, 6, 0, 0), alert.Timestamp);
        Assert.Equal(18.6, alert.Mag);
        Assert.Null(alert.Score);
        Assert.Equal(18.6, decoded.Fields["rmag"]);
        Assert.Equal(7.0, decoded.Fields["ncand"]);
        Assert.Empty(decoded.Photometry);
    }

    [Fact]
    public async Task Uses_a_ztf_candid_as_the_id_with_every_digit()
    {
        const string message = """{"objectId": "ZTF18abcgqmz", "candid": 2722318395015015008, "ra": 280.1, "decl": -5.2, "UTC": "2024-07-12 10:00:03"}""";

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2Candidates", message));

        Assert.Equal("2722318395015015008", decoded.Alert.Id);
        Assert.Equal("ZTF18abcgqmz", decoded.Alert.Name);
        Assert.Equal(280.1, decoded.Alert.Ra);
        Assert.Equal(-5.2, decoded.Alert.Dec);
    }

    [Fact]
    public async Task Falls_back_to_the_utc_column_without_a_zone_as_utc()
    {
        const string message = """{"objectId": "ZTF19aaosfcb", "ramean": 1.5, "decmean": 2.5, "UTC": "2024-07-12 10:00:03"}""";

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2Plain", message));

        EqualToTheSecond(Utc(2024, 7, 12, 10, 0, 3), decoded.Alert.Timestamp);
        Assert.Null(decoded.Alert.Mag);
    }

    [Fact]
    public async Task Takes_the_magnitude_of_the_newest_band_flux_column_when_there_is_no_light_curve()
    {
        const string message = """
            {"diaObjectId": 170028488708, "ra": 1.0, "decl": 2.0, "g_psfFlux": 2000.0, "g_latestMJD": 60999.5,
             "r_psfFlux": 1000.0, "r_latestMJD": 61000.5, "UTC": "2025-11-20 00:00:00"}
            """;

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2Bands", message));

        Assert.Equal(23.9, decoded.Alert.Mag!.Value, 6);
        Assert.Equal(170028488708.0, decoded.Fields["diaObjectId"]);
    }

    [Fact]
    public async Task Reads_a_bare_nan_from_a_python_producer_as_null()
    {
        const string message = """{"diaObjectId": 3068394670028488708, "ra": 1.0, "decl": 2.0, "dipoleAngle": NaN, "UTC": "2025-11-20 00:00:00"}""";

        var decoded = await DecodeSingleAsync(_decoder, Text(Stream, "lasair_2Nan", message));

        Assert.Equal("3068394670028488708", decoded.Alert.Id);
        Assert.False(decoded.Fields.ContainsKey("dipoleAngle"));
        using var raw = JsonDocument.Parse(decoded.Alert.RawJson);
        Assert.Equal(JsonValueKind.Null, raw.RootElement.GetProperty("dipoleAngle").ValueKind);
    }

    [Theory]
    [InlineData("this is not json {")]
    [InlineData("")]
    [InlineData("[1, 2, 3]")]
    [InlineData("""{"ra": 1.0, "decl": 2.0, "UTC": "2025-11-20 00:00:00"}""")]
    [InlineData("""{"objectId": "ZTF24aaabcde", "alert": {"diaSourcesList": 5}}""")]
    public async Task Rejects_garbage_with_a_decode_exception(string message)
    {
        var exception = await Assert.ThrowsAsync<PacketDecodeException>(
            () => _decoder.DecodeAsync(Text(Stream, "lasair_2Broken", message), TestContext.Current.CancellationToken).AsTask());

        Assert.StartsWith("The Lasair message", exception.Message, StringComparison.Ordinal);
    }
}
