using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Tests.Brokers.Fink;

public sealed class FinkParametersTests
{
    private static string OnlyOne(string searches) => $"Fill in only one search at a time; this query has {searches}. Clear all but one.";

    public static readonly TheoryData<string, FinkParameters> ValidSearches = new()
    {
        { "one ZTF object", new FinkParameters { ObjectIds = "ZTF21abfmbix" } },
        { "several ZTF objects", new FinkParameters { ObjectIds = "ZTF21abfmbix, ZTF18aaqjovh" } },
        { "an LSST object", new FinkParameters { Survey = Survey.Lsst, ObjectIds = "169830579938263176" } },
        { "a cone in degrees", new FinkParameters { Ra = "193.8217409", Dec = "2.8973184", RadiusArcsec = 60 } },
        { "a sexagesimal cone", new FinkParameters { Ra = "12:55:17.218", Dec = "-02:53:50.35", RadiusArcsec = 0.5 } },
        { "an LSST cone", new FinkParameters { Survey = Survey.Lsst, Ra = "8.986275", Dec = "-42.709834", RadiusArcsec = 5 } },
        { "a class by count", new FinkParameters { Class = "Early SN Ia candidate", ClassAlertCount = 10 } },
        { "a class by days", new FinkParameters { Class = "(TNS) SN Ia", ClassDaysInPast = 15 } },
        { "an asteroid", new FinkParameters { SolarSystemObject = "2010JO69" } },
    };

    [Theory]
    [MemberData(nameof(ValidSearches))]
    public void Each_kind_of_search_alone_is_valid(string what, FinkParameters parameters)
    {
        var result = ParameterValidator.Validate(parameters);

        Assert.True(result.IsValid, $"{what}: {string.Join(" ", result.FormErrors.Concat(result.FieldErrors.SelectMany(pair => pair.Value)))}");
        Assert.NotNull(parameters.SearchKind());
    }

    [Fact]
    public void An_empty_query_asks_for_one_search()
    {
        var result = ParameterValidator.Validate(new FinkParameters());

        Assert.Equal(["Fill in one search: an object ID, a cone (RA, Dec and radius), a class, or a solar-system object."], result.FormErrors);
        Assert.Empty(result.FieldErrors);
        Assert.Null(new FinkParameters().SearchKind());
    }

    [Fact]
    public void Two_searches_are_refused_naming_both()
    {
        var result = ParameterValidator.Validate(new FinkParameters { ObjectIds = "ZTF21abfmbix", Ra = "10" });

        Assert.Equal([OnlyOne("an object ID and a cone")], result.FormErrors);
    }

    [Fact]
    public void Four_searches_are_listed_in_order()
    {
        var result = ParameterValidator.Validate(new FinkParameters { ObjectIds = "ZTF21abfmbix", RadiusArcsec = 3, ClassDaysInPast = 2, SolarSystemObject = "433" });

        Assert.Equal([OnlyOne("an object ID, a cone, a class and a solar-system object")], result.FormErrors);
    }

    [Fact]
    public void A_partial_cone_names_the_missing_fields()
    {
        var result = ParameterValidator.Validate(new FinkParameters { Ra = "193.82" });

        const string expected = "A cone search needs RA, Dec and radius together.";
        Assert.Equal([expected], result.For(nameof(FinkParameters.Dec)));
        Assert.Equal([expected], result.For(nameof(FinkParameters.RadiusArcsec)));
        Assert.Empty(result.For(nameof(FinkParameters.Ra)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(60.01)]
    [InlineData(3600)]
    public void The_radius_is_more_than_zero_and_at_most_sixty_arcseconds(double radius)
    {
        var result = ParameterValidator.Validate(new FinkParameters { Ra = "10", Dec = "20", RadiusArcsec = radius });

        Assert.Equal(["The radius must be more than 0 and at most 60 arcseconds."], result.For(nameof(FinkParameters.RadiusArcsec)));
    }

    [Fact]
    public void Unreadable_coordinates_are_refused_at_their_fields()
    {
        var result = ParameterValidator.Validate(new FinkParameters { Ra = "25:00:00", Dec = "north", RadiusArcsec = 5 });

        Assert.Equal(["RA must be decimal degrees (0 to 360) or hours as HH:MM:SS.s."], result.For(nameof(FinkParameters.Ra)));
        Assert.Equal(["Dec must be decimal degrees (-90 to +90) or ±DD:MM:SS.s."], result.For(nameof(FinkParameters.Dec)));
    }

    [Fact]
    public void Object_ids_must_fit_the_survey()
    {
        var ztf = ParameterValidator.Validate(new FinkParameters { ObjectIds = "ZTF21abfmbix, ZTF21ABFMBIX, 169830579938263176" });
        Assert.Equal(
        [
            "'ZTF21ABFMBIX' is not a ZTF object ID: ZTF, two digits and seven lower-case letters, e.g. ZTF21abfmbix.",
            "'169830579938263176' is not a ZTF object ID: ZTF, two digits and seven lower-case letters, e.g. ZTF21abfmbix.",
        ], ztf.For(nameof(FinkParameters.ObjectIds)));

        var lsst = ParameterValidator.Validate(new FinkParameters { Survey = Survey.Lsst, ObjectIds = "ZTF21abfmbix" });
        Assert.Equal(["'ZTF21abfmbix' is not an LSST diaObjectId: digits only, e.g. 169830579938263176."], lsst.For(nameof(FinkParameters.ObjectIds)));
    }

    [Fact]
    public void Only_commas_are_not_an_object_id()
    {
        var result = ParameterValidator.Validate(new FinkParameters { ObjectIds = " , ," });

        Assert.Equal(["Enter at least one object ID."], result.For(nameof(FinkParameters.ObjectIds)));
    }

    [Fact]
    public void A_class_search_takes_a_count_or_a_number_of_days_but_not_both()
    {
        var neither = ParameterValidator.Validate(new FinkParameters { Class = "SN candidate" });
        Assert.Equal(["A class search needs a number of alerts or a number of days in the past."], neither.For(nameof(FinkParameters.ClassAlertCount)));
        Assert.Equal(["A class search needs a number of alerts or a number of days in the past."], neither.For(nameof(FinkParameters.ClassDaysInPast)));

        var both = ParameterValidator.Validate(new FinkParameters { Class = "SN candidate", ClassAlertCount = 5, ClassDaysInPast = 5 });
        Assert.Equal(["Give a number of alerts or a number of days in the past, not both."], both.For(nameof(FinkParameters.ClassDaysInPast)));

        var noClass = ParameterValidator.Validate(new FinkParameters { ClassAlertCount = 5 });
        Assert.Equal(["Choose the class to search for."], noClass.For(nameof(FinkParameters.Class)));
    }

    [Fact]
    public void Class_limits_are_fifteen_days_and_a_thousand_alerts()
    {
        var days = ParameterValidator.Validate(new FinkParameters { Class = "SN candidate", ClassDaysInPast = 16 });
        Assert.Equal(["The number of days must be between 1 and 15."], days.For(nameof(FinkParameters.ClassDaysInPast)));

        var count = ParameterValidator.Validate(new FinkParameters { Class = "SN candidate", ClassAlertCount = 1001 });
        Assert.Equal(["The number of alerts must be between 1 and 1000."], count.For(nameof(FinkParameters.ClassAlertCount)));
    }

    [Fact]
    public void Class_and_asteroid_searches_are_for_ztf_only()
    {
        const string expected = "Class and solar-system searches are available for ZTF only; search LSST by object ID or cone.";
        var byClass = ParameterValidator.Validate(new FinkParameters { Survey = Survey.Lsst, Class = "SN candidate", ClassAlertCount = 3 });
        Assert.Equal([expected], byClass.For(nameof(FinkParameters.Survey)));
        Assert.Equal([expected], byClass.For(nameof(FinkParameters.Class)));

        var asteroid = ParameterValidator.Validate(new FinkParameters { Survey = Survey.Lsst, SolarSystemObject = "433" });
        Assert.Equal([expected], asteroid.For(nameof(FinkParameters.SolarSystemObject)));
    }

    [Fact]
    public void The_form_shows_the_survey_first_and_takes_the_class_from_fink()
    {
        var fields = ParameterSchema.For<FinkParameters>();

        Assert.Equal(
            ["Survey", "ObjectIds", "Ra", "Dec", "RadiusArcsec", "Class", "ClassAlertCount", "ClassDaysInPast", "SolarSystemObject"],
            fields.Select(field => field.Name));
        var survey = fields[0];
        Assert.Equal(["ZTF", "LSST (Rubin)"], survey.EnumOptions.Select(option => option.Label));
        var classField = fields.Single(field => field.Name == nameof(FinkParameters.Class));
        Assert.Equal((ParameterKind.Choice, FinkClassChoices.Key), (classField.Kind, classField.ChoicesKey));
        var radius = fields.Single(field => field.Name == nameof(FinkParameters.RadiusArcsec));
        Assert.Equal((0.0, 60.0), (radius.Minimum, radius.Maximum));
    }

    [Fact]
    public void Saved_parameters_round_trip()
    {
        var saved = BrokerParameters.Serialize(new FinkParameters { Survey = Survey.Lsst, Ra = "8.98", Dec = "-42.7", RadiusArcsec = 5 });

        Assert.True(BrokerParameters.TryDeserialize(saved, typeof(FinkParameters), out var read, out _));
        var parameters = Assert.IsType<FinkParameters>(read);
        Assert.Equal((Survey.Lsst, "8.98", "-42.7", 5.0, FinkSearchKind.Cone), (parameters.Survey, parameters.Ra, parameters.Dec, parameters.RadiusArcsec!.Value, parameters.SearchKind()));
    }
}
