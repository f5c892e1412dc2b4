using System.Text.Json;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Brokers.Alerce;

/// <summary>One entry of ZTF <c>GET /classifiers</c>.</summary>
public sealed record AlerceClassifier(string Name, string? Version, IReadOnlyList<string> Classes);

/// <summary>
/// The classifiers offered by ALeRCE's ZTF API (<c>GET /classifiers</c>), kept for <c>Brokers:ALeRCE:ChoicesCacheHours</c>.
/// The taxonomy changes (tom_base#1288), so nothing here is hard-coded. The class list is read from the same cached
/// response by <see cref="AlerceClassChoices"/>.
/// </summary>
public sealed class AlerceClassifierChoices(IHttpClientFactory clients, IOptionsMonitor<AlerceOptions> options, TimeProvider time)
    : CachedChoiceProvider(time, TimeSpan.FromHours(options.Get(AlerceBroker.BrokerName).ChoicesCacheHours))
{
    public const string ClassifiersKey = "ALeRCE:classifiers";
    public const string ClassesKey = "ALeRCE:classes";

    private IReadOnlyList<AlerceClassifier> _classifiers = [];

    /// <summary>The classifiers behind the current choices (fetched or refreshed as <see cref="CachedChoiceProvider.GetChoicesAsync"/> does).</summary>
    public async Task<IReadOnlyList<AlerceClassifier>> GetClassifiersAsync(CancellationToken cancellationToken)
    {
        await GetChoicesAsync(cancellationToken);
        return Volatile.Read(ref _classifiers);
    }

    protected override async Task<IReadOnlyList<Choice>> LoadAsync(CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(BrokerHttp.ClientName(AlerceBroker.BrokerName));
        var baseUrl = options.Get(AlerceBroker.BrokerName).ZtfBaseUrl.TrimEnd('/');
        using var json = await http.GetJsonAsync(new Uri($"{baseUrl}/classifiers"), cancellationToken);
        var classifiers = Read(json.RootElement);
        Volatile.Write(ref _classifiers, classifiers);
        return
        [
            .. classifiers.GroupBy(classifier => classifier.Name, StringComparer.Ordinal).Select(group => new Choice(
                group.Key,
                group.Any(classifier => classifier.Version is not null)
                    ? $"{group.Key} ({string.Join(", ", group.Select(classifier => classifier.Version).OfType<string>())})"
                    : group.Key)),
        ];
    }

    /// <summary><c>[{classifier_name, classifier_version, classes:[...]}]</c>; entries without a name are left out.</summary>
    public static IReadOnlyList<AlerceClassifier> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new BrokerResponseException("its list of classifiers is not a list");
        }

        var classifiers = new List<AlerceClassifier>();
        foreach (var entry in root.EnumerateArray())
        {
            if (LenientJson.Text(entry, "classifier_name") is not { } name)
            {
                continue;
            }

            var classes = LenientJson.TryGet(entry, "classes", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(LenientJson.Text).OfType<string>().ToList()
                : [];
            classifiers.Add(new AlerceClassifier(name, LenientJson.Text(entry, "classifier_version"), classes));
        }

        return classifiers;
    }
}

/// <summary>
/// Every class of every classifier, each labelled with the classifiers that use it. Read from the classifier provider's
/// cached response (the provider registered under <see cref="AlerceClassifierChoices.ClassifiersKey"/>), so one request
/// serves both fields.
/// </summary>
public sealed class AlerceClassChoices([FromKeyedServices(AlerceClassifierChoices.ClassifiersKey)] IChoiceProvider classifiers) : IChoiceProvider
{
    private readonly AlerceClassifierChoices _classifiers = classifiers as AlerceClassifierChoices
        ?? throw new InvalidOperationException($"{AlerceClassifierChoices.ClassifiersKey} must be registered as {nameof(AlerceClassifierChoices)}.");

    public async Task<IReadOnlyList<Choice>> GetChoicesAsync(CancellationToken cancellationToken)
    {
        var all = await _classifiers.GetClassifiersAsync(cancellationToken);
        return
        [
            .. all.SelectMany(classifier => classifier.Classes.Select(name => (Class: name, Classifier: classifier.Name)))
                .GroupBy(pair => pair.Class, StringComparer.Ordinal)
                .Select(group => new Choice(group.Key, $"{group.Key} ({string.Join(", ", group.Select(pair => pair.Classifier).Distinct(StringComparer.Ordinal))})")),
        ];
    }
}
