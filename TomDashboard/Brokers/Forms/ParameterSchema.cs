using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace TomDashboard.Brokers.Forms;

/// <summary>
/// Reflects a broker's parameters class into the ordered fields of its query form.
/// Labels, help text and order come from <see cref="DisplayAttribute"/>; validation stays on the attributes.
/// </summary>
public static class ParameterSchema
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ParameterField>> Cache = new();

    /// <exception cref="NotSupportedException">A public settable property has a type the form cannot edit.</exception>
    public static IReadOnlyList<ParameterField> For(Type parametersType) => Cache.GetOrAdd(parametersType, Build);

    public static IReadOnlyList<ParameterField> For<TParameters>() => For(typeof(TParameters));

    private static List<ParameterField> Build(Type parametersType)
    {
        var nullability = new NullabilityInfoContext();
        var fields = new List<ParameterField>();
        var declarationOrder = 0;
        foreach (var property in parametersType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            declarationOrder++;
            if (property.GetSetMethod() is null || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            fields.Add(Describe(parametersType, property, nullability, declarationOrder));
        }

        // Fields without an explicit order keep their declaration order, after the ordered ones.
        return [.. fields.OrderBy(field => field.Order)];
    }

    private static ParameterField Describe(Type owner, PropertyInfo property, NullabilityInfoContext nullability, int declarationOrder)
    {
        var display = property.GetCustomAttribute<DisplayAttribute>();
        var choices = property.GetCustomAttribute<ChoicesAttribute>();
        var range = property.GetCustomAttribute<RangeAttribute>();
        var (kind, valueType, isNullable) = Classify(owner, property, nullability, choices);
        var declaredLength = property.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength
            ?? (property.GetCustomAttribute<MaxLengthAttribute>() is { Length: > 0 } max ? max.Length : null);
        if (declaredLength > ParameterField.LongestMaxLength)
        {
            throw Unsupported(owner, property, $"a field takes at most {ParameterField.LongestMaxLength} characters (the circuit's receive limit is sized from it)");
        }

        return new ParameterField
        {
            Property = property,
            Label = display?.GetName() ?? SplitWords(property.Name),
            Description = display?.GetDescription(),
            Prompt = display?.GetPrompt(),
            Order = display?.GetOrder() ?? 10_000 + declarationOrder,
            Kind = kind,
            ValueType = valueType,
            IsNullable = isNullable,
            IsRequired = property.GetCustomAttribute<RequiredAttribute>() is not null,
            EnumOptions = valueType.IsEnum ? EnumOptionsOf(valueType) : [],
            ChoicesKey = choices?.Key,
            Minimum = range is null ? null : Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture),
            Maximum = range is null ? null : Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture),
            MaxLength = declaredLength ?? ParameterField.DefaultMaxLength,
            MaxLengthDeclared = declaredLength is not null,
            IsMultiline = property.GetCustomAttribute<DataTypeAttribute>()?.DataType == DataType.MultilineText,
        };
    }

    private static (ParameterKind Kind, Type ValueType, bool IsNullable) Classify(
        Type owner, PropertyInfo property, NullabilityInfoContext nullability, ChoicesAttribute? choices)
    {
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        var isNullableValue = underlying is not null;
        var valueType = underlying ?? type;

        if (valueType == typeof(string))
        {
            var nullable = nullability.Create(property).WriteState != NullabilityState.NotNull;
            return (choices is null ? ParameterKind.Text : ParameterKind.Choice, typeof(string), nullable);
        }

        if (TryGetListElement(type, out var element))
        {
            if (element.IsEnum)
            {
                return (ParameterKind.MultiEnum, element, true);
            }

            if (element == typeof(string) && choices is not null)
            {
                return (ParameterKind.MultiChoice, element, true);
            }

            throw Unsupported(owner, property, "a list must hold an enum, or strings with [Choices]");
        }

        if (valueType.IsEnum)
        {
            return (ParameterKind.Enum, valueType, isNullableValue);
        }

        ParameterKind? kind = valueType switch
        {
            _ when valueType == typeof(int) => ParameterKind.Integer,
            _ when valueType == typeof(long) => ParameterKind.Long,
            _ when valueType == typeof(double) => ParameterKind.Double,
            _ when valueType == typeof(decimal) => ParameterKind.Decimal,
            _ when valueType == typeof(bool) => ParameterKind.Boolean,
            _ when valueType == typeof(DateTime) => ParameterKind.DateTime,
            _ when valueType == typeof(DateOnly) => ParameterKind.Date,
            _ => null,
        };

        return kind is { } known
            ? (known, valueType, isNullableValue)
            : throw Unsupported(owner, property, $"the form cannot edit {valueType.Name}");
    }

    private static bool TryGetListElement(Type type, out Type element)
    {
        element = typeof(void);
        if (type == typeof(string))
        {
            return false;
        }

        if (type.IsArray)
        {
            element = type.GetElementType()!;
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
                || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>)))
        {
            element = type.GetGenericArguments()[0];
            return true;
        }

        return false;
    }

    private static IReadOnlyList<EnumOption> EnumOptionsOf(Type enumType) =>
    [
        .. enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(member =>
            new EnumOption(member.Name, member.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? SplitWords(member.Name))),
    ];

    private static NotSupportedException Unsupported(Type owner, PropertyInfo property, string why) =>
        new($"{owner.Name}.{property.Name} cannot be shown in a query form: {why}.");

    /// <summary>"MinMagnitude" becomes "Min magnitude".</summary>
    private static string SplitWords(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var character = name[i];
            if (i > 0 && char.IsUpper(character) && !char.IsUpper(name[i - 1]))
            {
                builder.Append(' ').Append(char.ToLowerInvariant(character));
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }
}
