using TomDashboard.Brokers;
using TomDashboard.Brokers.Forms;
using TomDashboard.Brokers.Lasair;

namespace TomDashboard.Tests.Brokers.Lasair;

public sealed class LasairParametersTests
{
    [Fact]
    public void The_form_shows_survey_cone_sql_and_limit_in_order_with_the_tom_toolkit_defaults()
    {
        var fields = ParameterSchema.For<LasairParameters>();

        Assert.Equal(
            ["Survey", "ConeRa", "ConeDec", "ConeRadius", "ConeResults", "SqlQuery", "Limit"],
            fields.Select(field => field.Property.Name));
        Assert.Equal(["ZTF", "LSST (Rubin)"], fields[0].EnumOptions.Select(option => option.Label));
        var defaults = new LasairParameters();
        Assert.Equal((Survey.Ztf, 10.0, LasairConeResults.All, 100), (defaults.Survey, defaults.ConeRadius, defaults.ConeResults, defaults.Limit));
        Assert.Equal((1.0, 10000.0), (fields[6].Minimum, fields[6].Maximum));
    }

    [Theory]
    [InlineData("280.0", "-5.0", null)]
    [InlineData("18:40:00.0", "-05:00:00", null)]
    [InlineData(null, null, "gmag < 12.0")]
    public void A_cone_or_an_sql_query_is_valid(string? ra, string? dec, string? sql) =>
        Assert.True(ParameterValidator.Validate(new LasairParameters { ConeRa = ra, ConeDec = dec, SqlQuery = sql }).IsValid);

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("280.0", null, null)]
    [InlineData(null, "-5", "  ")]
    public void Without_a_whole_cone_or_sql_the_tom_toolkit_message_is_a_form_message(string? ra, string? dec, string? sql)
    {
        var result = ParameterValidator.Validate(new LasairParameters { ConeRa = ra, ConeDec = dec, SqlQuery = sql });

        Assert.Equal(["Either RA/Dec or Freeform SQL Query must be populated."], result.FormErrors);
        Assert.Empty(result.FieldErrors);
    }

    [Theory]
    [InlineData("280.0", "-5.0")]
    [InlineData("280.0", null)]
    public void A_cone_and_sql_together_are_refused(string? ra, string? dec)
    {
        var result = ParameterValidator.Validate(new LasairParameters { ConeRa = ra, ConeDec = dec, SqlQuery = "gmag < 12.0" });

        Assert.Equal(["Use either RA/Dec or the Freeform SQL Query, not both."], result.FormErrors);
    }

    [Fact]
    public void Coordinates_that_cannot_be_read_are_reported_at_their_field()
    {
        var result = ParameterValidator.Validate(new LasairParameters { ConeRa = "400", ConeDec = "-5:70:00" });

        Assert.Equal(["RA must be decimal degrees from 0 to 360, or sexagesimal hours such as 18:40:00.5."], result.For(nameof(LasairParameters.ConeRa)));
        Assert.Equal(["Dec must be decimal degrees from -90 to +90, or sexagesimal degrees such as -05:00:00."], result.For(nameof(LasairParameters.ConeDec)));
        Assert.Empty(result.FormErrors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1000.5)]
    public void The_radius_is_more_than_0_and_at_most_1000_arcsec(double radius)
    {
        var result = ParameterValidator.Validate(new LasairParameters { ConeRa = "280", ConeDec = "-5", ConeRadius = radius });

        Assert.Equal(["The cone radius must be more than 0 and at most 1000 arcsec."], result.For(nameof(LasairParameters.ConeRadius)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10000, true)]
    [InlineData(10001, false)]
    public void The_result_limit_is_1_to_10000(int limit, bool valid)
    {
        var result = ParameterValidator.Validate(new LasairParameters { SqlQuery = "gmag < 12.0", Limit = limit });

        Assert.Equal(valid ? [] : ["The result limit must be between 1 and 10000."], result.For(nameof(LasairParameters.Limit)));
    }

    [Fact]
    public void Saved_parameters_round_trip_without_the_derived_cone_flag()
    {
        var json = TomDashboard.Brokers.BrokerParameters.Serialize(new LasairParameters { Survey = Survey.Lsst, ConeRa = "280", ConeDec = "-5", Limit = 7 });

        Assert.DoesNotContain("isCone", json, StringComparison.Ordinal);
        Assert.True(TomDashboard.Brokers.BrokerParameters.TryDeserialize(json, typeof(LasairParameters), out var back, out _));
        var parameters = Assert.IsType<LasairParameters>(back);
        Assert.Equal((Survey.Lsst, "280", "-5", 7), (parameters.Survey, parameters.ConeRa, parameters.ConeDec, parameters.Limit));
    }
}
