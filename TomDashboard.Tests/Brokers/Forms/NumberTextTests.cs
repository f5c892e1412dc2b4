using System.Globalization;
using TomDashboard.Brokers.Forms;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Forms;

public sealed class NumberTextTests
{
    private static ParameterField Field(string name) => ParameterSchema.For<NumberKindsParameters>().Single(field => field.Name == name);

    [Theory]
    [InlineData(nameof(NumberKindsParameters.Count), "abc", "Not a number: type digits, such as 12.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "abc", "Not a number: type digits, such as 12.5.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "NaN", "NaN is not a number this field can use: type digits, such as 12.5.")]
    [InlineData(nameof(NumberKindsParameters.Count), "nan", "NaN is not a number this field can use: type digits, such as 12.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "1e309", "Out of range: use a number from -1.7E+308 to 1.7E+308.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "-Infinity", "Out of range: use a number from -1.7E+308 to 1.7E+308.")]
    [InlineData(nameof(NumberKindsParameters.Count), "99999999999999999999", "Out of range: use a whole number from -2147483648 to 2147483647.")]
    [InlineData(nameof(NumberKindsParameters.Count), "1e20", "Out of range: use a whole number from -2147483648 to 2147483647.")]
    [InlineData(nameof(NumberKindsParameters.Pages), "99999999999999999999", "Out of range: use a whole number from 1 to 1000.")]
    [InlineData(nameof(NumberKindsParameters.CandidateId), "99999999999999999999", "Out of range: use a whole number from -9223372036854775808 to 9223372036854775807.")]
    [InlineData(nameof(NumberKindsParameters.Flux), "1e309", "Out of range: use a number from -7.9E+28 to 7.9E+28.")]
    [InlineData(nameof(NumberKindsParameters.Flux), "1e29", "Out of range: use a number from -7.9E+28 to 7.9E+28.")]
    [InlineData(nameof(NumberKindsParameters.Ra), "1e309", "Out of range: use a number from 0 to 360.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "1,5", "Use a point for decimals: 1.5.")]
    [InlineData(nameof(NumberKindsParameters.Flux), "1,5", "Use a point for decimals: 1.5.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "1,234.5", "Use a point for decimals and no thousands separators, such as 1234.5.")]
    [InlineData(nameof(NumberKindsParameters.Count), "1,5", "Type a whole number without commas, such as 1500.")]
    [InlineData(nameof(NumberKindsParameters.Count), "1.5", "Use a whole number, such as 12.")]
    [InlineData(nameof(NumberKindsParameters.Count), "12 13", "Not a number: type digits, such as 12.")]
    public void Unreadable_text_gives_its_own_message_and_no_value(string name, string text, string message)
    {
        var reading = NumberText.Read(text, Field(name));

        Assert.False(reading.IsReadable);
        Assert.Equal(message, reading.Problem);
        Assert.Null(reading.Value);
    }

    [Fact]
    public void Numbers_are_read_as_the_fields_type_with_the_invariant_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        // A server whose culture writes decimals with a comma (as de-DE does) must not turn "1.5" into 15.
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = commaCulture;
        try
        {
            Assert.Equal(1.5, NumberText.Read("1.5", Field(nameof(NumberKindsParameters.Magnitude))).Value);
            Assert.Equal(-0.25, NumberText.Read(" -2.5e-1 ", Field(nameof(NumberKindsParameters.Magnitude))).Value);
            Assert.Equal(1.5m, NumberText.Read("1.5", Field(nameof(NumberKindsParameters.Flux))).Value);
            Assert.Equal(int.MaxValue, NumberText.Read("2147483647", Field(nameof(NumberKindsParameters.Count))).Value);
            Assert.Equal(-42, NumberText.Read("-42", Field(nameof(NumberKindsParameters.Count))).Value);
            Assert.Equal(long.MaxValue, NumberText.Read("9223372036854775807", Field(nameof(NumberKindsParameters.CandidateId))).Value);
            Assert.Equal("1.5", NumberText.Format(1.5));
            Assert.Equal("0.1", NumberText.Format(0.1m));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Empty_text_is_no_value_and_no_problem(string? text)
    {
        var reading = NumberText.Read(text, Field(nameof(NumberKindsParameters.Magnitude)));

        Assert.True(reading.IsReadable);
        Assert.Null(reading.Value);
    }
}
