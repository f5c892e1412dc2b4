using System.Text;
using System.Text.RegularExpressions;

namespace TomDashboard.Targets;

public static partial class TargetNameRules
{
    /// <summary>
    /// The form two names of the same object share: lower case, without spaces, '-', '_' or brackets, and without a
    /// survey prefix AT, SN or TNS before the year ("AT 2024abc", "SN2024abc" and "2024abc" are one name).
    /// </summary>
    public static string Simplify(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            if (!char.IsWhiteSpace(character) && character is not ('-' or '_' or '(' or ')' or '[' or ']' or '{' or '}'))
            {
                builder.Append(char.ToLowerInvariant(character));
            }
        }

        return SurveyPrefix().Replace(builder.ToString(), "");
    }

    // Only before a digit, so "ATLAS24abc" keeps its letters.
    [GeneratedRegex("^(?:tns|at|sn)(?=\\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SurveyPrefix();
}
