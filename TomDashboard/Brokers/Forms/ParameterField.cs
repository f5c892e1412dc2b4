using System.Reflection;

namespace TomDashboard.Brokers.Forms;

/// <summary>The editors the generated form knows.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The kinds are named after the types they edit.")]
public enum ParameterKind
{
    Text,
    Integer,
    Long,
    Double,
    Decimal,
    Boolean,
    Enum,
    DateTime,
    Date,
    Choice,
    MultiEnum,
    MultiChoice,
}

public sealed record EnumOption(string Value, string Label);

/// <summary>One field of a generated query form, read from a property of the parameters class.</summary>
public sealed record ParameterField
{
    public required PropertyInfo Property { get; init; }

    public string Name => Property.Name;

    public required string Label { get; init; }

    public string? Description { get; init; }

    public string? Prompt { get; init; }

    public required int Order { get; init; }

    public required ParameterKind Kind { get; init; }

    /// <summary>The property's type without <see cref="Nullable{T}"/>, or the element type of a multi-select.</summary>
    public required Type ValueType { get; init; }

    /// <summary>The field may be left empty (a nullable value type, or a reference type).</summary>
    public required bool IsNullable { get; init; }

    public required bool IsRequired { get; init; }

    /// <summary>The members of an enum, in declaration order, with their display names.</summary>
    public IReadOnlyList<EnumOption> EnumOptions { get; init; } = [];

    /// <summary>For choices supplied at run time: the key of the <see cref="IChoiceProvider"/>.</summary>
    public string? ChoicesKey { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>Text fields without [StringLength] or [MaxLength] take at most this many characters.</summary>
    public const int DefaultMaxLength = 1_000;

    /// <summary>For fields meant for lists, such as object ids: 10,000 ZTF ids (12 characters and a separator) with room to spare.</summary>
    public const int ListMaxLength = 200_000;

    /// <summary>No field may declare more; the circuit's receive limit is sized from this, so a paste never drops the connection.</summary>
    public const int LongestMaxLength = ListMaxLength;

    /// <summary>How many characters a text editor takes: the declared limit, else <see cref="DefaultMaxLength"/>.</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>The limit came from [StringLength] or [MaxLength], which validate it themselves.</summary>
    public bool MaxLengthDeclared { get; init; }

    /// <summary>Edited in several lines ([DataType(DataType.MultilineText)]), as lists pasted one per line are.</summary>
    public bool IsMultiline { get; init; }

    public bool IsMultiSelect => Kind is ParameterKind.MultiEnum or ParameterKind.MultiChoice;

    public object? GetValue(object model) => Property.GetValue(model);

    public void SetValue(object model, object? value) => Property.SetValue(model, value);
}
