using System.Text.Json;
using Microsoft.Extensions.Options;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Brokers.Fink;

/// <summary>
/// The classes a Fink class search accepts, from <c>GET /api/v1/classes</c> on the ZTF host, kept for
/// <c>Brokers:Fink:ChoicesCacheHours</c>. Fink answers with groups of names ("Fink classifiers", "Cross-match with
/// TNS", "Cross-match with SIMBAD ..."); the names ("Early SN Ia candidate", "(TNS) SN Ia", "(SIMBAD) QSO") are what
/// <c>latests</c> takes as its <c>class</c>.
/// </summary>
public sealed class FinkClassChoices(IHttpClientFactory clients, IOptionsMonitor<FinkOptions> options, TimeProvider? time = null)
    : CachedChoiceProvider(time ?? TimeProvider.System, Lifetime(options))
{
    public const string Key = "Fink:Classes";

    protected override async Task<IReadOnlyList<Choice>> LoadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Get(FinkBroker.BrokerName);
        var http = clients.CreateClient(BrokerHttp.ClientName(FinkBroker.BrokerName));
        using var json = await http.GetJsonAsync(settings.RouteUri(Survey.Ztf, "classes"), cancellationToken);
        return Read(json.RootElement);
    }

    /// <summary>An object of groups, each a list of class names (or a plain list of names), flattened in order.</summary>
    public static IReadOnlyList<Choice> Read(JsonElement root)
    {
        var names = new List<string>();
        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var group in root.EnumerateObject())
                {
                    names.AddRange(Names(group.Value, $"the group \"{group.Name}\""));
                }

                break;
            case JsonValueKind.Array:
                names.AddRange(Names(root, "the list"));
                break;
            default:
                throw new BrokerResponseException("its list of classes is neither groups of names nor a list of names");
        }

        return [.. names.Distinct(StringComparer.Ordinal).Select(name => new Choice(name, name))];
    }

    private static List<string> Names(JsonElement list, string where)
    {
        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw new BrokerResponseException($"{where} of its classes is not a list of names");
        }

        return list.EnumerateArray().Select(item => item.GetString()!.Trim()).Where(name => name.Length > 0).ToList();
    }

    private static TimeSpan Lifetime(IOptionsMonitor<FinkOptions> options)
    {
        try
        {
            return TimeSpan.FromHours(options.Get(FinkBroker.BrokerName).ChoicesCacheHours);
        }
        catch (OptionsValidationException)
        {
            // The catalog already lists Fink as unavailable with the reason; the choices keep the default.
            return TimeSpan.FromHours(new FinkOptions().ChoicesCacheHours);
        }
    }
}
