using Microsoft.Extensions.Options;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Brokers;

/// <summary>How a broker was registered: enough to list it and check its configuration without building it.</summary>
public sealed record BrokerRegistration(
    string Name,
    Type BrokerType,
    Type ParametersType,
    string ScoreDescription,
    Func<IServiceProvider, BrokerOptions> ReadOptions);

public enum BrokerStatus
{
    Available,

    /// <summary>Valid, but something must be set first (a token).</summary>
    NeedsConfiguration,

    Disabled,

    /// <summary>Its configuration fails validation, or its parameters class cannot be shown.</summary>
    Invalid,
}

public sealed record BrokerEntry(string Name, Type ParametersType, string ScoreDescription, BrokerStatus Status, string? UnavailableReason)
{
    public bool IsAvailable => Status == BrokerStatus.Available;

    /// <summary>How the lists say why a broker cannot be used.</summary>
    public string? StatusText => Status switch
    {
        BrokerStatus.NeedsConfiguration => $"{Name} needs configuration: {UnavailableReason}",
        BrokerStatus.Disabled or BrokerStatus.Invalid => $"{Name} is unavailable: {UnavailableReason}",
        _ => null,
    };
}

/// <summary>Every registered broker with its availability. Brokers are built per run, and only when available.</summary>
public sealed class BrokerCatalog
{
    private readonly IServiceProvider _services;
    private readonly Dictionary<string, BrokerEntry> _entries;

    public BrokerCatalog(IEnumerable<BrokerRegistration> registrations, IServiceProvider services)
    {
        _services = services;
        _entries = new(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in registrations)
        {
            var (status, reason) = CheckAvailability(registration, services);
            _entries[registration.Name] = new BrokerEntry(registration.Name, registration.ParametersType, registration.ScoreDescription, status, reason);
        }
    }

    public IReadOnlyList<BrokerEntry> Entries => [.. _entries.Values.OrderBy(entry => entry.Name, StringComparer.OrdinalIgnoreCase)];

    public BrokerEntry? Find(string? name) =>
        name is not null && _entries.TryGetValue(name, out var entry) ? entry : null;

    /// <summary>Builds the broker for one run. Callers check <see cref="BrokerEntry.IsAvailable"/> first.</summary>
    public IBroker Create(string name)
    {
        var entry = Find(name) ?? throw new KeyNotFoundException($"No broker named '{name}' is registered.");
        if (!entry.IsAvailable)
        {
            throw new InvalidOperationException(entry.StatusText);
        }

        return _services.GetRequiredKeyedService<IBroker>(entry.Name);
    }

    private static (BrokerStatus Status, string? Reason) CheckAvailability(BrokerRegistration registration, IServiceProvider services)
    {
        try
        {
            _ = ParameterSchema.For(registration.ParametersType);
            var options = registration.ReadOptions(services);
            if (!options.Enabled)
            {
                return (BrokerStatus.Disabled, $"disabled in configuration (Brokers:{registration.Name}:Enabled).");
            }

            return options.MissingConfiguration() is { } missing ? (BrokerStatus.NeedsConfiguration, missing) : (BrokerStatus.Available, null);
        }
        catch (OptionsValidationException invalid)
        {
            return (BrokerStatus.Invalid, $"its configuration under Brokers:{registration.Name} is invalid: {string.Join(" ", invalid.Failures)}");
        }
        catch (NotSupportedException unsupported)
        {
            return (BrokerStatus.Invalid, unsupported.Message);
        }
    }
}
