using TomDashboard.Brokers.Forms;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Forms;

public sealed class ParameterValidatorTests
{
    [Fact]
    public void A_valid_object_has_no_messages()
    {
        var result = ParameterValidator.Validate(new AllKindsParameters { ObjectId = "ZTF18abcgqmz" });
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Required_gives_its_message_at_the_field()
    {
        var result = ParameterValidator.Validate(new AllKindsParameters());
        Assert.Equal(["Enter an object id."], result.For(nameof(AllKindsParameters.ObjectId)));
    }

    [Fact]
    public void Range_string_length_and_pattern_give_their_messages()
    {
        var result = ParameterValidator.Validate(new AllKindsParameters { ObjectId = "ZTF18abcgqmzzzzz", Pages = 0, Ra = 400 });
        Assert.Contains("An object id has at most 12 characters.", result.For(nameof(AllKindsParameters.ObjectId)));
        Assert.Equal(["Pages must be between 1 and 1000."], result.For(nameof(AllKindsParameters.Pages)));
        Assert.Single(result.For(nameof(AllKindsParameters.Ra)));

        var pattern = ParameterValidator.Validate(new AllKindsParameters { ObjectId = "M31" });
        Assert.Equal(["An object id looks like ZTF18abcdefg."], pattern.For(nameof(AllKindsParameters.ObjectId)));
    }

    [Fact]
    public void Cross_field_rules_report_at_each_named_field()
    {
        var result = ParameterValidator.Validate(new AllKindsParameters { ObjectId = "ZTF18abc", FaintestMagnitude = 18, BrightestMagnitude = 20 });
        const string expected = "The brightest magnitude must be a smaller number than the faintest.";
        Assert.Equal([expected], result.For(nameof(AllKindsParameters.BrightestMagnitude)));
        Assert.Equal([expected], result.For(nameof(AllKindsParameters.FaintestMagnitude)));
    }

    [Fact]
    public void Rules_without_a_field_are_form_messages()
    {
        var result = ParameterValidator.Validate(new AllKindsParameters { ObjectId = "ZTF18abc", OnlyNew = true, Pages = 20 });
        Assert.Equal(["Only new objects fit in ten pages."], result.FormErrors);
        Assert.Empty(result.FieldErrors);
    }

    [Fact]
    public void Text_over_the_default_limit_is_an_error_at_its_field()
    {
        var atLimit = ParameterValidator.Validate(new NumberKindsParameters { Note = new string('x', ParameterField.DefaultMaxLength) });
        var over = ParameterValidator.Validate(new NumberKindsParameters { Note = new string('x', ParameterField.DefaultMaxLength + 1) });

        Assert.True(atLimit.IsValid);
        Assert.Equal(["Note takes at most 1000 characters."], over.For(nameof(NumberKindsParameters.Note)));
    }
}
