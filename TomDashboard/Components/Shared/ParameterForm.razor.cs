using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Components.Shared;

/// <summary>
/// Edits any broker's parameters object through its <see cref="ParameterSchema"/>; validation messages appear at the fields.
/// </summary>
public sealed partial class ParameterForm : IDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly CancellationTokenSource _disposed = new();
    private readonly Dictionary<string, ChoiceLoad> _choices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _inputErrors = new(StringComparer.Ordinal);
    // What the user typed in number fields, shown as typed even when it cannot be read.
    private readonly Dictionary<string, string?> _numberTexts = new(StringComparer.Ordinal);
    private IReadOnlyList<ParameterField> _fields = [];
    private ParameterValidation _validation = ParameterValidation.Valid;
    private object? _shownModel;
    private bool _showErrors;

    [Inject] private ChoiceLoader Choices { get; set; } = default!;

    /// <summary>The parameters object being edited, an instance of the broker's parameters class.</summary>
    [Parameter, EditorRequired] public required object Model { get; set; }

    /// <summary>Raised after every edit, with the model already updated.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    /// <summary>Validates every field, shows the messages, and says whether the parameters can be saved.</summary>
    public bool Validate()
    {
        _showErrors = true;
        _validation = ParameterValidator.Validate(Model);
        StateHasChanged();
        return _validation.IsValid && _inputErrors.Count == 0;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (ReferenceEquals(_shownModel, Model))
        {
            return;
        }

        _shownModel = Model;
        _fields = ParameterSchema.For(Model.GetType());
        _inputErrors.Clear();
        _numberTexts.Clear();
        _validation = ParameterValidation.Valid;
        _showErrors = false;

        var keys = _fields.Select(field => field.ChoicesKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var loads = await Task.WhenAll(keys.Select(key => Choices.LoadAsync(key, _disposed.Token)));
        for (var i = 0; i < keys.Count; i++)
        {
            _choices[keys[i]] = loads[i];
        }
    }

    private static string LabelOf(ParameterField field) => field.IsRequired ? $"{field.Label} *" : field.Label;

    private bool HasError(ParameterField field) => ErrorOf(field) is not null;

    private string? ErrorOf(ParameterField field)
    {
        if (_inputErrors.TryGetValue(field.Name, out var inputError))
        {
            return inputError;
        }

        if (!_showErrors)
        {
            return null;
        }

        var messages = _validation.For(field.Name);
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    private ChoiceLoad? ChoicesOf(ParameterField field) =>
        field.ChoicesKey is { } key && _choices.TryGetValue(key, out var load) ? load : null;

    private static string? JoinHelp(params string?[] parts)
    {
        var present = parts.Where(part => !string.IsNullOrWhiteSpace(part)).ToList();
        return present.Count == 0 ? null : string.Join(" ", present);
    }

    private Task SetValue(ParameterField field, object? value)
    {
        if (value is null && !field.IsNullable)
        {
            if (field.Property.PropertyType.IsValueType)
            {
                _inputErrors[field.Name] = $"Enter a value for {field.Label}.";
                return Changed.InvokeAsync();
            }
        }

        _inputErrors.Remove(field.Name);
        field.SetValue(Model, value is string text && text.Length == 0 && field.IsNullable ? null : value);
        if (_showErrors)
        {
            _validation = ParameterValidator.Validate(Model);
        }

        return Changed.InvokeAsync();
    }

    private string? NumberTextOf(ParameterField field) =>
        _numberTexts.TryGetValue(field.Name, out var text) ? text : NumberText.Format(field.GetValue(Model));

    /// <summary>Unreadable text leaves the model as it was and holds the form back until it is fixed.</summary>
    private Task SetNumber(ParameterField field, string? text)
    {
        _numberTexts[field.Name] = text;
        var reading = NumberText.Read(text, field);
        if (reading.Problem is { } problem)
        {
            _inputErrors[field.Name] = problem;
            return Changed.InvokeAsync();
        }

        return SetValue(field, reading.Value);
    }

    private string? EnumName(ParameterField field) => field.GetValue(Model)?.ToString();

    private static string EnumLabel(ParameterField field, string? value) =>
        field.EnumOptions.FirstOrDefault(option => option.Value == value)?.Label ?? value ?? "";

    private Task SetEnum(ParameterField field, string? name) =>
        SetValue(field, string.IsNullOrEmpty(name) ? null : Enum.Parse(field.ValueType, name));

    private IReadOnlyCollection<string> SelectedNames(ParameterField field) =>
        field.GetValue(Model) is IEnumerable values
            ? [.. values.Cast<object>().Select(value => value.ToString() ?? "")]
            : [];

    private Task SetMany(ParameterField field, IEnumerable<string>? names)
    {
        var items = (names ?? []).Where(name => !string.IsNullOrWhiteSpace(name)).ToList();
        var converted = items.Select(name => field.ValueType.IsEnum ? Enum.Parse(field.ValueType, name) : name).ToList();
        return SetValue(field, BuildCollection(field, converted));
    }

    private string? FreeText(ParameterField field) => field.IsMultiSelect
        ? string.Join(", ", SelectedNames(field))
        : (string?)field.GetValue(Model);

    private Task SetFreeText(ParameterField field, string? text) => field.IsMultiSelect
        ? SetMany(field, (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        : SetValue(field, text);

    private DateTime? DatePart(ParameterField field) => field.GetValue(Model) switch
    {
        DateTime time => time.Date,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        _ => null,
    };

    private TimeSpan? TimePart(ParameterField field) =>
        field.GetValue(Model) is DateTime time ? time.TimeOfDay : null;

    private Task SetDateTime(ParameterField field, DateTime? date, TimeSpan? time) =>
        SetValue(field, date is { } day ? DateTime.SpecifyKind(day.Date + (time ?? TimeSpan.Zero), DateTimeKind.Utc) : null);

    private Task SetDate(ParameterField field, DateTime? date) =>
        SetValue(field, date is { } day ? DateOnly.FromDateTime(day) : null);

    /// <summary>A list or array of the property's own type holding <paramref name="items"/>.</summary>
    private static object BuildCollection(ParameterField field, List<object> items)
    {
        if (field.Property.PropertyType.IsArray)
        {
            var array = Array.CreateInstance(field.ValueType, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(items[i], i);
            }

            return array;
        }

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(field.ValueType))!;
        foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
