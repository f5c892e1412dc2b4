using System.Globalization;
using NCalc;

namespace TomDashboard.Streams;

/// <summary>
/// A handler condition over packet fields, such as <c>rb &gt;= 0.65 and magpsf &lt; 19</c> (NCalc syntax:
/// and, or, not, comparisons, arithmetic and parentheses).
/// </summary>
public static class AlertCondition
{
    /// <summary>Null when the condition can be read; otherwise what is wrong with it.</summary>
    public static string? Check(string condition)
    {
        var expression = new Expression(condition, ExpressionOptions.NoCache);
        return expression.HasErrors() ? expression.Error?.Message ?? "it is not a valid expression." : null;
    }

    /// <summary>Evaluates the condition. A field the packet lacks makes it false, with the reason in <paramref name="problem"/>.</summary>
    public static bool Holds(string? condition, IReadOnlyDictionary<string, object?> fields, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(condition))
        {
            return true;
        }

        var expression = new Expression(condition, ExpressionOptions.NoCache | ExpressionOptions.IgnoreCaseAtBuiltInFunctions);
        foreach (var (name, value) in fields)
        {
            expression.Parameters[name] = value switch
            {
                float single => (double)single,
                int or long or double or decimal or bool or string => value,
                null => null,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            };
        }

        try
        {
            return expression.Evaluate() is true;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException or InvalidCastException or NCalc.Exceptions.NCalcException)
        {
            problem = $"the condition \u201c{condition}\u201d could not be evaluated: {exception.Message}";
            return false;
        }
    }
}
