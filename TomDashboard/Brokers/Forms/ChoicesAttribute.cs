namespace TomDashboard.Brokers.Forms;

/// <summary>
/// Marks a string (or list of strings) parameter whose options come from the broker at run time,
/// through the <see cref="IChoiceProvider"/> registered under <paramref name="key"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ChoicesAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}

public sealed record Choice(string Value, string Label);

/// <summary>Supplies the options of a <see cref="ChoicesAttribute"/> field, for example a broker's classifier list.</summary>
public interface IChoiceProvider
{
    Task<IReadOnlyList<Choice>> GetChoicesAsync(CancellationToken cancellationToken);
}
