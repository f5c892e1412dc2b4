using System.Globalization;

namespace TomDashboard.Brokers.Forms;

/// <summary>What a number field's text says: a value of the field's type, nothing (empty), or a problem to show at the field.</summary>
public sealed record NumberReading(object? Value, string? Problem)
{
    public static readonly NumberReading Empty = new(null, null);

    public bool IsReadable => Problem is null;
}

/// <summary>
/// Reads the text of a number field with the invariant culture. Text that is not a number of the field's type (NaN,
/// infinity, out of range, a comma) is a problem, never a silent empty value or a different number.
/// </summary>
public static class NumberText
{
    /// <summary>Longer than any number a field can hold, written out in digits.</summary>
    public const int MaxLength = 100;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static bool IsNumber(ParameterKind kind) => kind is ParameterKind.Integer or ParameterKind.Long or ParameterKind.Double or ParameterKind.Decimal;

    public static NumberReading Read(string? text, ParameterField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return NumberReading.Empty;
        }

        var whole = field.Kind is ParameterKind.Integer or ParameterKind.Long;
        if (trimmed.Contains(',', StringComparison.Ordinal))
        {
            return Problem(CommaProblem(trimmed, whole));
        }

        // Float: sign, point and exponent only; no thousands separators, so "1,5" can never become 15.
        if (!double.TryParse(trimmed, NumberStyles.Float, Invariant, out var number))
        {
            return Problem(whole ? "Not a number: type digits, such as 12." : "Not a number: type digits, such as 12.5.");
        }

        if (double.IsNaN(number))
        {
            return Problem(whole ? "NaN is not a number this field can use: type digits, such as 12." : "NaN is not a number this field can use: type digits, such as 12.5.");
        }

        if (double.IsInfinity(number))
        {
            return Problem(OutOfRange(field));
        }

        return field.Kind switch
        {
            ParameterKind.Integer => int.TryParse(trimmed, NumberStyles.AllowLeadingSign, Invariant, out var small)
                ? new NumberReading(small, null)
                : WholeProblem(trimmed, number, field, int.MinValue, int.MaxValue),
            ParameterKind.Long => long.TryParse(trimmed, NumberStyles.AllowLeadingSign, Invariant, out var large)
                ? new NumberReading(large, null)
                : WholeProblem(trimmed, number, field, long.MinValue, long.MaxValue),
            ParameterKind.Decimal => decimal.TryParse(trimmed, NumberStyles.Float, Invariant, out var exact)
                ? new NumberReading(exact, null)
                : Problem(OutOfRange(field)),
            ParameterKind.Double => new NumberReading(number, null),
            _ => throw new ArgumentException($"{field.Name} is not a number field.", nameof(field)),
        };
    }

    /// <summary>The text a number field shows for a value of the model.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        double number => number.ToString("R", Invariant),
        IFormattable number => number.ToString(null, Invariant),
        _ => value.ToString(),
    };

    private static NumberReading WholeProblem(string text, double number, ParameterField field, double min, double max)
    {
        var digitsOnly = text.TrimStart('+', '-').All(char.IsAsciiDigit);
        return digitsOnly || number < min || number > max
            ? Problem(OutOfRange(field))
            : Problem("Use a whole number, such as 12.");
    }

    private static string CommaProblem(string text, bool whole)
    {
        if (whole)
        {
            return "Type a whole number without commas, such as 1500.";
        }

        var pointed = text.Replace(',', '.');
        return text.Count(character => character == ',') == 1 && !text.Contains('.', StringComparison.Ordinal)
            && double.TryParse(pointed, NumberStyles.Float, Invariant, out var number) && double.IsFinite(number)
            ? $"Use a point for decimals: {pointed}."
            : "Use a point for decimals and no thousands separators, such as 1234.5.";
    }

    /// <summary>Names the field's own [Range] when it has one, else what the type can hold.</summary>
    private static string OutOfRange(ParameterField field)
    {
        var kind = field.Kind is ParameterKind.Integer or ParameterKind.Long ? "a whole number" : "a number";
        var (min, max) = field is { Minimum: { } low, Maximum: { } high }
            ? (low.ToString("R", Invariant), high.ToString("R", Invariant))
            : field.Kind switch
            {
                ParameterKind.Integer => (int.MinValue.ToString(Invariant), int.MaxValue.ToString(Invariant)),
                ParameterKind.Long => (long.MinValue.ToString(Invariant), long.MaxValue.ToString(Invariant)),
                ParameterKind.Decimal => ("-7.9E+28", "7.9E+28"),
                _ => ("-1.7E+308", "1.7E+308"),
            };
        return $"Out of range: use {kind} from {min} to {max}.";
    }

    private static NumberReading Problem(string message) => new(null, message);
}
