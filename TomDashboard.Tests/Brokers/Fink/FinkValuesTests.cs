using System.Text.Json;
using TomDashboard.Brokers.Fink;

namespace TomDashboard.Tests.Brokers.Fink;

public sealed class FinkValuesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData("\"nan\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"None\"")]
    [InlineData("\"Unknown\"")]
    [InlineData("\"null\"")]
    [InlineData("\"Fail 503\"")]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("null")]
    public void Sentinel_texts_are_no_value(string json) => Assert.Null(FinkValues.Text(Json(json)));

    [Theory]
    [InlineData("\"SN Ic-BL\"", "SN Ic-BL")]
    [InlineData("\" AGN \"", "AGN")]
    [InlineData("\"Failed star\"", "Failed star")]
    [InlineData("\"\\ufffd\"", "\ufffd")]
    public void Other_texts_are_kept(string json, string expected) => Assert.Equal(expected, FinkValues.Text(Json(json)));

    [Theory]
    [InlineData("-999.0")]
    [InlineData("-999")]
    [InlineData("\"nan\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"None\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void Sentinel_numbers_are_no_value(string json) => Assert.Null(FinkValues.Number(Json(json)));

    [Theory]
    [InlineData("16.234324", 16.234324)]
    [InlineData("\"19.5\"", 19.5)]
    [InlineData("0.0", 0.0)]
    [InlineData("-998.9", -998.9)]
    public void Numbers_are_read_from_numbers_and_numeric_text(string json, double expected) => Assert.Equal(expected, FinkValues.Number(Json(json)));

    [Theory]
    [InlineData("3072410265715010069", "3072410265715010069")]
    [InlineData("\"169830579938263176\"", "169830579938263176")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("\"None\"", null)]
    [InlineData("null", null)]
    public void Ids_keep_every_digit(string json, string? expected) => Assert.Equal(expected, FinkValues.Id(Json(json)));

    [Fact]
    public void Rubin_rows_with_the_older_i_prefix_are_read_as_lsst()
    {
        var row = FinkAlert.FromRow(Json("""{"i:diaObjectId": 169298433216610349, "i:midpointMjdTai": 60924.33, "i:psfFlux": 10.5, "i:band": "r", "i:ra": 1.5, "i:dec": -2.5}"""));

        Assert.True(row.IsLsst);
        Assert.Equal(("169298433216610349", 60924.33, 10.5, "r", 1.5, -2.5), (row.DiaObjectId, row.MidpointMjdTai!.Value, row.PsfFlux!.Value, row.Band, row.Ra!.Value, row.Dec!.Value));
    }
}
