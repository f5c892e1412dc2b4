using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Alerce;
using TomDashboard.Brokers.Forms;
using TomDashboard.Tests.Fakes;
using static TomDashboard.Tests.Brokers.Alerce.AlerceFixtures;

namespace TomDashboard.Tests.Brokers.Alerce;

/// <summary>The ALeRCE query form: live classifier and class choices, and the rules that span fields.</summary>
public sealed class AlerceChoicesAndFormTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Classifiers_and_classes_come_from_one_cached_classifiers_response_refreshed_after_the_configured_hours()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync(Fixtures.Text(ClassifiersFile)));
        Build(server, out var host, builder => builder.Services.AddSingleton<TimeProvider>(time), new() { ["Brokers:ALeRCE:ChoicesCacheHours"] = "6" });
        using var _ = host;
        var loader = host.Services.GetRequiredService<ChoiceLoader>();

        var classifiers = await loader.LoadAsync(AlerceClassifierChoices.ClassifiersKey, Cancellation);
        var classes = await loader.LoadAsync(AlerceClassifierChoices.ClassesKey, Cancellation);

        Assert.Null(classifiers.Note);
        Assert.Equal(
            ["lc_classifier", "lc_classifier_top", "lc_classifier_transient", "lc_classifier_stochastic", "lc_classifier_periodic", "stamp_classifier"],
            classifiers.Choices.Select(choice => choice.Value));
        Assert.Equal("stamp_classifier (stamp_classifier_1.0.4)", classifiers.Choices[^1].Label);
        Assert.Equal(["SNIa", "QSO", "LPV", "Transient", "Stochastic", "Periodic", "SN"], classes.Choices.Select(choice => choice.Value));
        Assert.Equal("SNIa (lc_classifier, lc_classifier_transient)", classes.Choices[0].Label);
        Assert.Equal("/ztf/v1/classifiers", Assert.Single(server.Requests).PathAndQuery);

        time.Advance(TimeSpan.FromHours(5));
        await loader.LoadAsync(AlerceClassifierChoices.ClassesKey, Cancellation);
        Assert.Single(server.Requests);

        time.Advance(TimeSpan.FromHours(2));
        await loader.LoadAsync(AlerceClassifierChoices.ClassifiersKey, Cancellation);
        await loader.LoadAsync(AlerceClassifierChoices.ClassesKey, Cancellation);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task When_the_classifiers_cannot_be_loaded_the_form_takes_free_text()
    {
        await using var server = await LocalHttpServer.StartAsync(context => BrokerFaults.RespondAsync(context, BrokerFault.ServerError));
        Build(server, out var host);
        using var _ = host;

        var classes = await host.Services.GetRequiredService<ChoiceLoader>().LoadAsync(AlerceClassifierChoices.ClassesKey, Cancellation);

        Assert.True(classes.AcceptsFreeText);
        Assert.Contains("HTTP 500", classes.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_broker_is_available_without_any_configuration_and_its_form_has_choice_fields()
    {
        await using var server = await LocalHttpServer.StartAsync(context => context.WriteJsonAsync("[]"));
        Build(server, out var host);
        using var _ = host;

        var entry = host.Services.GetRequiredService<BrokerCatalog>().Find("alerce");

        Assert.NotNull(entry);
        Assert.True(entry.IsAvailable);
        Assert.Equal(typeof(AlerceParameters), entry.ParametersType);
        var fields = ParameterSchema.For<AlerceParameters>();
        Assert.Equal(ParameterKind.Enum, fields.Single(field => field.Name == nameof(AlerceParameters.Survey)).Kind);
        Assert.Equal(
            [(nameof(AlerceParameters.Classifier), AlerceClassifierChoices.ClassifiersKey), (nameof(AlerceParameters.Class), AlerceClassifierChoices.ClassesKey)],
            fields.Where(field => field.Kind == ParameterKind.Choice).Select(field => (field.Name, field.ChoicesKey!)));
        Assert.Equal((1.0, 20.0), (fields.Single(field => field.Name == nameof(AlerceParameters.MaxPages)).Minimum!.Value, fields.Single(field => field.Name == nameof(AlerceParameters.MaxPages)).Maximum!.Value));
    }

    [Fact]
    public void Default_parameters_are_valid()
    {
        Assert.True(ParameterValidator.Validate(new AlerceParameters()).IsValid);
        Assert.True(ParameterValidator.Validate(new AlerceParameters { Survey = Survey.Lsst, ObjectIds = LsstOid }).IsValid);
    }

    public static TheoryData<AlerceParameters, string, string> InvalidParameters() => new()
    {
        { new AlerceParameters { Ra = 10, Dec = 20 }, nameof(AlerceParameters.RadiusArcsec), "All of RA, Dec and radius must be given to run a cone search." },
        { new AlerceParameters { RadiusArcsec = 5 }, nameof(AlerceParameters.Ra), "All of RA, Dec and radius must be given to run a cone search." },
        { new AlerceParameters { MinDetections = 10, MaxDetections = 5 }, nameof(AlerceParameters.MinDetections), "The least number of detections is above the most." },
        { new AlerceParameters { FirstMjdAfter = 60010, FirstMjdBefore = 60000 }, nameof(AlerceParameters.FirstMjdBefore), "The first-detection range ends before it starts." },
        { new AlerceParameters { LastMjdAfter = 60010, LastMjdBefore = 60000 }, nameof(AlerceParameters.LastMjdAfter), "The last-detection range ends before it starts." },
        { new AlerceParameters { OrderMode = AlerceOrderMode.Desc }, nameof(AlerceParameters.OrderBy), "Choose what to order by, or set the order to None." },
        { new AlerceParameters { ObjectIds = "ZTF18* ZTF19abc" }, nameof(AlerceParameters.ObjectIds), "A * wildcard works with a single object id only." },
        { new AlerceParameters { MaxPages = 21 }, nameof(AlerceParameters.MaxPages), "Read 1 to 20 pages." },
        { new AlerceParameters { MinProbability = 1.5 }, nameof(AlerceParameters.MinProbability), "A probability is between 0 and 1." },
        { new AlerceParameters { Survey = Survey.Lsst, Classifier = "lc_classifier" }, nameof(AlerceParameters.Classifier), "LSST searches take object ids or a cone only; clear the ZTF filters or choose ZTF." },
        { new AlerceParameters { Survey = Survey.Lsst, OrderBy = AlerceOrderBy.Ndet }, nameof(AlerceParameters.OrderBy), "LSST searches take object ids or a cone only; clear the ZTF filters or choose ZTF." },
        { new AlerceParameters { Survey = Survey.Lsst, ObjectIds = "ZTF18abcgqmz" }, nameof(AlerceParameters.ObjectIds), "An LSST object id is a diaObjectId, a whole number; 'ZTF18abcgqmz' is not." },
    };

    [Theory]
    [MemberData(nameof(InvalidParameters))]
    public void Rules_that_span_fields_name_the_fields_they_concern(AlerceParameters parameters, string field, string message)
    {
        var validation = ParameterValidator.Validate(parameters);

        Assert.False(validation.IsValid);
        Assert.Contains(message, validation.For(field));
    }

    [Fact]
    public void Saved_parameters_read_back_the_same()
    {
        var parameters = new AlerceParameters { Survey = Survey.Lsst, ObjectIds = LsstOid, OrderBy = AlerceOrderBy.Firstmjd, MaxPages = 4 };

        Assert.True(BrokerParameters.TryDeserialize(BrokerParameters.Serialize(parameters), typeof(AlerceParameters), out var read, out _));

        var copy = Assert.IsType<AlerceParameters>(read);
        Assert.Equal((Survey.Lsst, LsstOid, AlerceOrderBy.Firstmjd, 4), (copy.Survey, copy.ObjectIds, copy.OrderBy, copy.MaxPages));
    }
}
