using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Brokers.Forms;
using TomDashboard.Components.Shared;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

public sealed class ParameterFormTests : DashboardTestContext
{
    private IRenderedComponent<MudPopoverProvider>? _popovers;

    private IRenderedComponent<MudPopoverProvider> Popovers() => _popovers!;

    private sealed class FixedChoices(params Choice[] choices) : IChoiceProvider
    {
        public Task<IReadOnlyList<Choice>> GetChoicesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Choice>>(choices);
    }

    private sealed class UnreachableChoices : IChoiceProvider
    {
        public Task<IReadOnlyList<Choice>> GetChoicesAsync(CancellationToken cancellationToken) =>
            throw new HttpRequestException("Name or service not known (api.alerce.online:443)");
    }

    private IRenderedComponent<ParameterForm> RenderForm(AllKindsParameters model, IChoiceProvider? choices = null)
    {
        Services.AddKeyedSingleton(AllKindsParameters.ClassifierChoices,
            choices ?? new FixedChoices(new Choice("lc_classifier", "Light-curve classifier"), new Choice("stamp_classifier", "Stamp classifier")));
        _popovers = Render<MudPopoverProvider>();
        return Render<ParameterForm>(parameters => parameters.Add(form => form.Model, model));
    }

    private IRenderedComponent<ParameterForm> RenderForm(NumberKindsParameters model)
    {
        _popovers ??= Render<MudPopoverProvider>();
        return Render<ParameterForm>(parameters => parameters.Add(form => form.Model, model));
    }

    private static IElement FieldOf(IRenderedComponent<ParameterForm> form, string name) => form.Find($"[data-parameter='{name}']");

    [Fact]
    public void Renders_an_editor_for_every_kind_with_its_label()
    {
        var form = RenderForm(new AllKindsParameters());

        foreach (var field in ParameterSchema.For<AllKindsParameters>())
        {
            var element = FieldOf(form, field.Name);
            Assert.Contains(field.Label, element.TextContent, StringComparison.Ordinal);
            var editor = field.Kind switch
            {
                ParameterKind.Text => "input[type='text'][inputmode='text']",
                ParameterKind.Integer or ParameterKind.Long => "input[type='text'][inputmode='numeric']",
                ParameterKind.Double or ParameterKind.Decimal => "input[type='text'][inputmode='decimal']",
                ParameterKind.Boolean => "input[type='checkbox']",
                ParameterKind.Enum or ParameterKind.Choice or ParameterKind.MultiEnum or ParameterKind.MultiChoice => ".mud-select",
                ParameterKind.DateTime or ParameterKind.Date => ".mud-picker",
                _ => throw new InvalidOperationException(field.Kind.ToString()),
            };
            Assert.NotEmpty(element.QuerySelectorAll(editor));
        }

        Assert.Equal(2, FieldOf(form, nameof(AllKindsParameters.DetectedAfter)).QuerySelectorAll(".mud-picker").Length);
        Assert.Contains("Object id *", FieldOf(form, nameof(AllKindsParameters.ObjectId)).TextContent, StringComparison.Ordinal);
        Assert.Contains("The ZTF object identifier.", FieldOf(form, nameof(AllKindsParameters.ObjectId)).TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(FieldOf(form, nameof(AllKindsParameters.HasHost)).QuerySelectorAll(".mud-checkbox-null"));
    }

    [Fact]
    public void Shows_current_values()
    {
        var form = RenderForm(new AllKindsParameters { Pages = 7, Survey = SampleSurvey.Lsst, Night = new DateOnly(2024, 2, 29), ObjectId = "ZTF18abc" });

        Assert.Equal("7", FieldOf(form, nameof(AllKindsParameters.Pages)).QuerySelector("input")!.GetAttribute("value"));
        Assert.Equal("ZTF18abc", FieldOf(form, nameof(AllKindsParameters.ObjectId)).QuerySelector("input")!.GetAttribute("value"));
        Assert.Equal("2024-02-29", FieldOf(form, nameof(AllKindsParameters.Night)).QuerySelector("input")!.GetAttribute("value"));
        Assert.Contains("Rubin (LSST)", FieldOf(form, nameof(AllKindsParameters.Survey)).InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_field_updates_the_parameters()
    {
        var model = new AllKindsParameters();
        var form = RenderForm(model);

        FieldOf(form, nameof(AllKindsParameters.ObjectId)).QuerySelector("input")!.Input("ZTF18abcgqmz");
        FieldOf(form, nameof(AllKindsParameters.Pages)).QuerySelector("input")!.Input("12");
        FieldOf(form, nameof(AllKindsParameters.CandidateId)).QuerySelector("input")!.Input("1234567890123456789");
        FieldOf(form, nameof(AllKindsParameters.OnlyNew)).QuerySelector("input")!.Change(true);

        form.WaitForAssertion(() =>
        {
            Assert.Equal("ZTF18abcgqmz", model.ObjectId);
            Assert.Equal(12, model.Pages);
            Assert.Equal(1234567890123456789L, model.CandidateId);
            Assert.True(model.OnlyNew);
        });
    }

    [Fact]
    public async Task Shows_validation_messages_at_the_fields_and_clears_them_when_fixed()
    {
        var model = new AllKindsParameters { Pages = 0, FaintestMagnitude = 18, BrightestMagnitude = 20 };
        var form = RenderForm(model);

        Assert.DoesNotContain("Enter an object id.", form.Markup, StringComparison.Ordinal);
        var valid = await form.InvokeAsync(() => form.Instance.Validate());

        Assert.False(valid);
        form.WaitForAssertion(() =>
        {
            Assert.Contains("Enter an object id.", FieldOf(form, nameof(AllKindsParameters.ObjectId)).TextContent, StringComparison.Ordinal);
            Assert.Contains("Pages must be between 1 and 1000.", FieldOf(form, nameof(AllKindsParameters.Pages)).TextContent, StringComparison.Ordinal);
        });

        FieldOf(form, nameof(AllKindsParameters.ObjectId)).QuerySelector("input")!.Input("ZTF18abc");
        FieldOf(form, nameof(AllKindsParameters.Pages)).QuerySelector("input")!.Input("3");

        // With every field valid on its own, the cross-field rule speaks at both of its fields.
        const string crossField = "The brightest magnitude must be a smaller number than the faintest.";
        form.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("Enter an object id.", form.Markup, StringComparison.Ordinal);
            Assert.Contains(crossField, FieldOf(form, nameof(AllKindsParameters.BrightestMagnitude)).TextContent, StringComparison.Ordinal);
            Assert.Contains(crossField, FieldOf(form, nameof(AllKindsParameters.FaintestMagnitude)).TextContent, StringComparison.Ordinal);
        });

        FieldOf(form, nameof(AllKindsParameters.BrightestMagnitude)).QuerySelector("input")!.Input("15");
        form.WaitForAssertion(() => Assert.DoesNotContain(crossField, form.Markup, StringComparison.Ordinal));
        Assert.True(await form.InvokeAsync(() => form.Instance.Validate()));
    }

    [Fact]
    public async Task Shows_rules_that_belong_to_no_field_under_the_form()
    {
        var form = RenderForm(new AllKindsParameters { ObjectId = "ZTF18abc", OnlyNew = true, Pages = 20 });

        Assert.False(await form.InvokeAsync(() => form.Instance.Validate()));

        form.WaitForAssertion(() => Assert.Contains("Only new objects fit in ten pages.", form.Find(".mud-alert").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Clearing_a_required_number_says_a_value_is_needed()
    {
        var model = new AllKindsParameters { Pages = 5 };
        var form = RenderForm(model);

        FieldOf(form, nameof(AllKindsParameters.Pages)).QuerySelector("input")!.Input("");

        form.WaitForAssertion(() => Assert.Contains("Enter a value for Pages.", FieldOf(form, nameof(AllKindsParameters.Pages)).TextContent, StringComparison.Ordinal));
        Assert.Equal(5, model.Pages);
    }

    [Fact]
    public void Offers_run_time_choices_in_a_select()
    {
        var form = RenderForm(new AllKindsParameters { Classifier = "stamp_classifier" });

        form.WaitForAssertion(() => Assert.Contains("Stamp classifier", FieldOf(form, nameof(AllKindsParameters.Classifier)).InnerHtml, StringComparison.Ordinal));
        Assert.NotEmpty(FieldOf(form, nameof(AllKindsParameters.Classes)).QuerySelectorAll(".mud-select"));
    }

    [Fact]
    public void Falls_back_to_free_text_with_a_note_when_choices_cannot_be_loaded()
    {
        var model = new AllKindsParameters();
        var form = RenderForm(model, new UnreachableChoices());

        form.WaitForAssertion(() =>
        {
            var classifier = FieldOf(form, nameof(AllKindsParameters.Classifier));
            Assert.Empty(classifier.QuerySelectorAll(".mud-select"));
            Assert.Contains("The options could not be loaded", classifier.TextContent, StringComparison.Ordinal);
        });

        FieldOf(form, nameof(AllKindsParameters.Classifier)).QuerySelector("input")!.Input("lc_classifier");
        FieldOf(form, nameof(AllKindsParameters.Classes)).QuerySelector("input")!.Input("SNIa, SNII");
        form.WaitForAssertion(() =>
        {
            Assert.Equal("lc_classifier", model.Classifier);
            Assert.Equal(["SNIa", "SNII"], model.Classes);
        });
    }

    [Fact]
    public void Typed_dates_and_date_times_are_read_as_utc()
    {
        var model = new AllKindsParameters();
        var form = RenderForm(model);

        FieldOf(form, nameof(AllKindsParameters.Night)).QuerySelector("input")!.Change("2024-03-05");
        FieldOf(form, nameof(AllKindsParameters.DetectedAfter)).QuerySelectorAll("input")[0].Change("2024-03-06");

        form.WaitForAssertion(() =>
        {
            Assert.Equal(new DateOnly(2024, 3, 5), model.Night);
            Assert.Equal(new DateTime(2024, 3, 6, 0, 0, 0, DateTimeKind.Utc), model.DetectedAfter);
            Assert.Equal(DateTimeKind.Utc, model.DetectedAfter!.Value.Kind);
        });
    }

    [Fact]
    public void Choosing_an_enum_member_sets_it()
    {
        var model = new AllKindsParameters();
        var form = RenderForm(model);

        FieldOf(form, nameof(AllKindsParameters.PreferredSurvey)).QuerySelector(".mud-input-control")!.MouseDown();
        form.WaitForAssertion(() => Assert.NotEmpty(Popovers().FindAll(".mud-list-item")));
        Popovers().FindAll(".mud-list-item").Single(item => item.TextContent.Contains("Rubin (LSST)", StringComparison.Ordinal)).Click();

        form.WaitForAssertion(() => Assert.Equal(SampleSurvey.Lsst, model.PreferredSurvey));
    }

    [Fact]
    public void Text_and_number_fields_render_their_length_limit()
    {
        var allKinds = RenderForm(new AllKindsParameters());
        Assert.Equal("12", FieldOf(allKinds, nameof(AllKindsParameters.ObjectId)).QuerySelector("input")!.GetAttribute("maxlength"));
        Assert.Equal(NumberText.MaxLength.ToString(CultureInfo.InvariantCulture), FieldOf(allKinds, nameof(AllKindsParameters.Ra)).QuerySelector("input")!.GetAttribute("maxlength"));

        var numbers = RenderForm(new NumberKindsParameters());
        Assert.Equal("1000", FieldOf(numbers, nameof(NumberKindsParameters.Note)).QuerySelector("input")!.GetAttribute("maxlength"));
        Assert.Equal("200000", FieldOf(numbers, nameof(NumberKindsParameters.ObjectIds)).QuerySelector("textarea")!.GetAttribute("maxlength"));
    }

    [Fact]
    public void A_full_text_field_says_so()
    {
        var form = RenderForm(new NumberKindsParameters());
        Assert.Empty(form.FindAll("[data-limit-note]"));

        FieldOf(form, nameof(NumberKindsParameters.Note)).QuerySelector("input")!.Input(new string('x', ParameterField.DefaultMaxLength));

        form.WaitForAssertion(() => Assert.Contains(
            "This field is full (1,000 characters): anything typed or pasted beyond that was left out.",
            FieldOf(form, nameof(NumberKindsParameters.Note)).QuerySelector("[data-limit-note]")?.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreadable_number_text_stays_shows_its_message_and_holds_the_form_back()
    {
        var model = new AllKindsParameters { ObjectId = "ZTF18abc", Ra = 10 };
        var form = RenderForm(model);
        var ra = () => FieldOf(form, nameof(AllKindsParameters.Ra));

        ra().QuerySelector("input")!.Input("abc");

        form.WaitForAssertion(() => Assert.Contains("Not a number: type digits, such as 12.5.", ra().TextContent, StringComparison.Ordinal));
        Assert.Equal("abc", ra().QuerySelector("input")!.GetAttribute("value"));
        Assert.Equal(10, model.Ra);
        Assert.False(await form.InvokeAsync(() => form.Instance.Validate()));
        form.WaitForAssertion(() => Assert.Equal("abc", ra().QuerySelector("input")!.GetAttribute("value")));

        ra().QuerySelector("input")!.Input("12.5");

        form.WaitForAssertion(() => Assert.Equal(12.5, model.Ra));
        Assert.DoesNotContain("Not a number", ra().TextContent, StringComparison.Ordinal);
        Assert.True(await form.InvokeAsync(() => form.Instance.Validate()));
    }
}
