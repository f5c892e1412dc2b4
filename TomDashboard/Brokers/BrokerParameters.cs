using System.Text.Json;

namespace TomDashboard.Brokers;

/// <summary>Saved query parameters: a parameters object to and from the JSON stored with the query.</summary>
public static class BrokerParameters
{
    public static string Serialize(object parameters) =>
        JsonSerializer.Serialize(parameters, parameters.GetType(), BrokerJson.Options);

    /// <summary>Reads saved parameters; a query saved by an older version of a broker may no longer fit.</summary>
    public static bool TryDeserialize(string json, Type parametersType, out object parameters, out string? problem)
    {
        try
        {
            parameters = JsonSerializer.Deserialize(json, parametersType, BrokerJson.Options)
                ?? Activator.CreateInstance(parametersType)!;
            problem = null;
            return true;
        }
        catch (JsonException exception)
        {
            parameters = Activator.CreateInstance(parametersType)!;
            problem = $"The saved parameters no longer fit this broker ({exception.Message}). Edit the query to fix them.";
            return false;
        }
    }
}
