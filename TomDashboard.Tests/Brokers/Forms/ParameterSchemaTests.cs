using System.ComponentModel.DataAnnotations;
using TomDashboard.Brokers.Forms;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Forms;

public sealed class ParameterSchemaTests
{
    private static readonly IReadOnlyList<ParameterField> Fields = ParameterSchema.For<AllKindsParameters>();

    private static ParameterField Field(string name) => Fields.Single(field => field.Name == name);

    [Theory]
    [InlineData(nameof(AllKindsParameters.ObjectId), ParameterKind.Text, true)]
    [InlineData(nameof(AllKindsParameters.Pages), ParameterKind.Integer, false)]
    [InlineData(nameof(AllKindsParameters.CandidateId), ParameterKind.Long, true)]
    [InlineData(nameof(AllKindsParameters.Ra), ParameterKind.Double, true)]
    [InlineData(nameof(AllKindsParameters.Probability), ParameterKind.Decimal, false)]
    [InlineData(nameof(AllKindsParameters.OnlyNew), ParameterKind.Boolean, false)]
    [InlineData(nameof(AllKindsParameters.HasHost), ParameterKind.Boolean, true)]
    [InlineData(nameof(AllKindsParameters.Survey), ParameterKind.Enum, false)]
    [InlineData(nameof(AllKindsParameters.PreferredSurvey), ParameterKind.Enum, true)]
    [InlineData(nameof(AllKindsParameters.DetectedAfter), ParameterKind.DateTime, true)]
    [InlineData(nameof(AllKindsParameters.Night), ParameterKind.Date, false)]
    [InlineData(nameof(AllKindsParameters.SkippedNight), ParameterKind.Date, true)]
    [InlineData(nameof(AllKindsParameters.Classifier), ParameterKind.Choice, true)]
    [InlineData(nameof(AllKindsParameters.Bands), ParameterKind.MultiEnum, true)]
    [InlineData(nameof(AllKindsParameters.Classes), ParameterKind.MultiChoice, true)]
    public void Classifies_every_kind(string name, ParameterKind kind, bool nullable)
    {
        var field = Field(name);
        Assert.Equal(kind, field.Kind);
        Assert.Equal(nullable, field.IsNullable);
    }

    [Fact]
    public void Reads_labels_help_prompt_and_requirement_from_attributes()
    {
        var objectId = Field(nameof(AllKindsParameters.ObjectId));
        Assert.Equal("Object id", objectId.Label);
        Assert.Equal("The ZTF object identifier.", objectId.Description);
        Assert.Equal("ZTF18abcgqmz", objectId.Prompt);
        Assert.True(objectId.IsRequired);
        Assert.Equal(12, objectId.MaxLength);
        Assert.False(Field(nameof(AllKindsParameters.Pages)).IsRequired);
        Assert.Equal(1, Field(nameof(AllKindsParameters.Pages)).Minimum);
        Assert.Equal(1000, Field(nameof(AllKindsParameters.Pages)).Maximum);
    }

    [Fact]
    public void Every_text_field_has_a_length_limit_declared_or_the_default()
    {
        var declared = Field(nameof(AllKindsParameters.ObjectId));
        var undeclared = Field(nameof(AllKindsParameters.Classifier));
        var list = ParameterSchema.For<NumberKindsParameters>().Single(field => field.Name == nameof(NumberKindsParameters.ObjectIds));

        Assert.Equal((12, true), (declared.MaxLength, declared.MaxLengthDeclared));
        Assert.Equal((ParameterField.DefaultMaxLength, false), (undeclared.MaxLength, undeclared.MaxLengthDeclared));
        Assert.Equal((ParameterField.ListMaxLength, true, true), (list.MaxLength, list.MaxLengthDeclared, list.IsMultiline));
        Assert.False(declared.IsMultiline);
    }

    private sealed class TooLongParameters
    {
        [StringLength(ParameterField.LongestMaxLength + 1)]
        public string? Everything { get; set; }
    }

    [Fact]
    public void A_field_longer_than_the_circuit_takes_is_refused()
    {
        var refused = Assert.Throws<NotSupportedException>(() => ParameterSchema.For<TooLongParameters>());

        Assert.Contains("TooLongParameters.Everything", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Orders_fields_by_display_order_then_declaration()
    {
        Assert.Equal(nameof(AllKindsParameters.ObjectId), Fields[0].Name);
        Assert.Equal(nameof(AllKindsParameters.Unordered), Fields[^1].Name);
        Assert.Equal("Unordered", Fields[^1].Label);
        Assert.Equal(Fields.OrderBy(field => field.Order).Select(field => field.Name), Fields.Select(field => field.Name));
    }

    [Fact]
    public void Lists_enum_members_with_display_names()
    {
        var survey = Field(nameof(AllKindsParameters.Survey));
        Assert.Equal([new EnumOption("Ztf", "ZTF"), new EnumOption("Lsst", "Rubin (LSST)")], survey.EnumOptions);
        Assert.Equal(typeof(Band), Field(nameof(AllKindsParameters.Bands)).ValueType);
    }

    [Fact]
    public void Names_the_choice_provider()
    {
        Assert.Equal(AllKindsParameters.ClassifierChoices, Field(nameof(AllKindsParameters.Classifier)).ChoicesKey);
        Assert.Equal(AllKindsParameters.ClassifierChoices, Field(nameof(AllKindsParameters.Classes)).ChoicesKey);
    }

    private sealed class Unsupported
    {
        public Uri? Endpoint { get; set; }
    }

    [Fact]
    public void Refuses_a_property_the_form_cannot_edit_with_a_message_naming_it()
    {
        var error = Assert.Throws<NotSupportedException>(() => ParameterSchema.For<Unsupported>());
        Assert.Contains("Unsupported.Endpoint", error.Message, StringComparison.Ordinal);
    }
}
