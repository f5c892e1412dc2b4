using System.Globalization;
using NCalc;
using NCalc.Factories;

namespace TomDashboard.Streams;

/// <summary>
/// A handler condition over packet fields, such as <c>rb &gt;= 0.65 and magpsf &lt; 19</c> (NCalc syntax:
/// and, or, not, comparisons, arithmetic and parentheses). Parsed once when its stream starts, evaluated per alert.
/// </summary>
public sealed class AlertCondition
{
    private const ExpressionOptions Options = ExpressionOptions.NoCache | ExpressionOptions.IgnoreCaseAtBuiltInFunctions;
    private readonly LogicalExpression _parsed;

    private AlertCondition(string text, LogicalExpression parsed)
    {
        Text = text;
        _parsed = parsed;
    }

    public string Text { get; }

    /// <summary>The parsed condition, or null with the reason in <paramref name="problem"/>.</summary>
    public static AlertCondition? Parse(string condition, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(condition);
        try
        {
            problem = null;
            return new AlertCondition(condition, LogicalExpressionFactory.Create(condition));
        }
        catch (Exception exception) when (exception is NCalc.Exceptions.NCalcException or ArgumentException or InvalidOperationException or FormatException)
        {
            problem = exception.Message is { Length: > 0 } message ? message : "it is not a valid expression.";
            return null;
        }
    }

    /// <summary>Null when the condition can be read; otherwise what is wrong with it.</summary>
    public static string? Check(string condition)
    {
        Parse(condition, out var problem);
        return problem;
    }

    /// <summary>Parses and evaluates in one go, for a condition used once; streams parse theirs at start.</summary>
    public static bool Holds(string? condition, IReadOnlyDictionary<string, object?> fields, out string? problem)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            problem = null;
            return true;
        }

        return Parse(condition, out problem) is { } parsed ? parsed.Holds(fields, out problem) : false;
    }

    /// <summary>Evaluates the condition. A field the packet lacks makes it false, with the reason in <paramref name="problem"/>.</summary>
    public bool Holds(IReadOnlyDictionary<string, object?> fields, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(fields);
        problem = null;
        var expression = new Expression(_parsed, Options);
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
            problem = $"the condition \u201c{Text}\u201d could not be evaluated: {exception.Message}";
            return false;
        }
    }
}
