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

public sealed record BrokerEntry(string Name, Type ParametersType, string ScoreDescription, string? UnavailableReason)
{
    public bool IsAvailable => UnavailableReason is null;
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
            _entries[registration.Name] = new BrokerEntry(
                registration.Name, registration.ParametersType, registration.ScoreDescription, CheckAvailability(registration, services));
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
            throw new InvalidOperationException($"{entry.Name} is unavailable: {entry.UnavailableReason}");
        }

        return _services.GetRequiredKeyedService<IBroker>(entry.Name);
    }

    private static string? CheckAvailability(BrokerRegistration registration, IServiceProvider services)
    {
        try
        {
            _ = ParameterSchema.For(registration.ParametersType);
            var options = registration.ReadOptions(services);
            return options.Enabled ? null : $"disabled in configuration (Brokers:{registration.Name}:Enabled).";
        }
        catch (OptionsValidationException invalid)
        {
            return $"its configuration under Brokers:{registration.Name} is invalid: {string.Join(" ", invalid.Failures)}";
        }
        catch (NotSupportedException unsupported)
        {
            return unsupported.Message;
        }
    }
}
