using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers.Forms;

/// <summary>The messages of a validation pass: per field, and those that belong to no field.</summary>
public sealed record ParameterValidation(IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors, IReadOnlyList<string> FormErrors)
{
    public static readonly ParameterValidation Valid = new(new Dictionary<string, IReadOnlyList<string>>(), []);

    public bool IsValid => FieldErrors.Count == 0 && FormErrors.Count == 0;

    public IReadOnlyList<string> For(string fieldName) =>
        FieldErrors.TryGetValue(fieldName, out var messages) ? messages : [];
}

/// <summary>Runs the parameters class's DataAnnotations and its <see cref="IValidatableObject"/> rules.</summary>
public static class ParameterValidator
{
    public static ParameterValidation Validate(object parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var results = new List<ValidationResult>();
        // Cross-field rules run only once every field is valid on its own, as in ASP.NET model validation.
        Validator.TryValidateObject(parameters, new ValidationContext(parameters), results, validateAllProperties: true);

        // Declared limits are DataAnnotations' own; the default one is the schema's.
        foreach (var field in ParameterSchema.For(parameters.GetType()))
        {
            if (!field.MaxLengthDeclared && field.GetValue(parameters) is string text && text.Length > field.MaxLength)
            {
                results.Add(new ValidationResult($"{field.Label} takes at most {field.MaxLength} characters.", [field.Name]));
            }
        }

        var fieldErrors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var formErrors = new List<string>();
        foreach (var result in results)
        {
            var message = result.ErrorMessage ?? "This value is not valid.";
            var members = result.MemberNames.Where(member => !string.IsNullOrEmpty(member)).ToList();
            if (members.Count == 0)
            {
                formErrors.Add(message);
                continue;
            }

            foreach (var member in members)
            {
                if (!fieldErrors.TryGetValue(member, out var list))
                {
                    fieldErrors[member] = list = [];
                }

                list.Add(message);
            }
        }

        return new ParameterValidation(
            fieldErrors.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value, StringComparer.Ordinal),
            formErrors);
    }
}
