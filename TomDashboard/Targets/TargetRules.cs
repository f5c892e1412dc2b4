using System.Globalization;
using TomDashboard.Alerts;

namespace TomDashboard.Targets;

/// <summary>
/// What makes a target valid, in one place for the writer (every creation: clicks, bulk, streams, CSV import) and the
/// editor, so the same mistake reads the same everywhere. Each rule returns a sentence, or null when all is well.
/// </summary>
public static class TargetRules
{
    /// <summary>Epochs are Julian years; older or later ones are typing mistakes (1e20, -1), not catalogues.</summary>
    public const double EarliestEpoch = 1800;

    public const double LatestEpoch = 2200;

    public const int ExtraKeyMaxLength = 100;

    private const string ControlCharacters = "A name cannot hold line breaks, tabs, NUL or other control characters.";

    public static string? NameProblem(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length == 0 ? "A target needs a name."
            : trimmed.Length > Target.NameMaxLength ? $"Names are limited to {Target.NameMaxLength} characters."
            : trimmed.Any(char.IsControl) ? ControlCharacters
            : null;
    }

    /// <summary>An alias (already trimmed and not empty) of a target named <paramref name="name"/>.</summary>
    public static string? AliasProblem(string alias, string name)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return alias.Length > Target.NameMaxLength ? $"Names are limited to {Target.NameMaxLength} characters."
            : alias.Any(char.IsControl) ? ControlCharacters
            : alias == name?.Trim() ? "This is the target's name; an alias must be another name."
            : null;
    }

    public static string? TypeProblem(TargetType type) =>
        Enum.IsDefined(type) ? null : "The type must be Sidereal or NonSidereal.";

    public static string? RaProblem(double? ra, TargetType type) => ra switch
    {
        null => type == TargetType.Sidereal ? "A sidereal target needs an RA." : null,
        { } value when !double.IsFinite(value) || value < 0 || value >= 360 => "RA must be at least 0 and less than 360 degrees.",
        _ => null,
    };

    public static string? DecProblem(double? dec, TargetType type) => dec switch
    {
        null => type == TargetType.Sidereal ? "A sidereal target needs a Dec." : null,
        { } value when !double.IsFinite(value) || value < -90 || value > 90 => "Dec must be between -90 and +90 degrees.",
        _ => null,
    };

    public static string? EpochProblem(double? epoch) =>
        epoch is { } value && (!double.IsFinite(value) || value < EarliestEpoch || value > LatestEpoch)
            ? string.Create(CultureInfo.InvariantCulture, $"The epoch must be a number of years from {EarliestEpoch} to {LatestEpoch}, such as 2000.")
            : null;

    /// <summary>The name of an extra field (already trimmed and not empty).</summary>
    public static string? ExtraKeyProblem(string key) =>
        key?.Length > ExtraKeyMaxLength ? $"Field names are limited to {ExtraKeyMaxLength} characters." : null;

    /// <summary>The first problem of a draft whose name and aliases are trimmed, for a one-line refusal.</summary>
    public static string? FirstProblem(string name, IEnumerable<string> aliases, TargetDraft draft)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(draft);
        return NameProblem(name)
            ?? aliases.Select(alias => AliasProblem(alias, name)).FirstOrDefault(problem => problem is not null)
            ?? TypeProblem(draft.Type)
            ?? RaProblem(draft.Ra, draft.Type)
            ?? DecProblem(draft.Dec, draft.Type)
            ?? EpochProblem(draft.Epoch)
            ?? draft.Extras.Keys.Select(ExtraKeyProblem).FirstOrDefault(problem => problem is not null);
    }
}
