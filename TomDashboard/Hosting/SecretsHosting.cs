using System.Text.RegularExpressions;
using TomDashboard.Alerts;

namespace TomDashboard.Hosting;

/// <summary>Teaches the one redaction every configured secret: broker tokens, Kafka passwords, OAuth client secrets, keys in URLs.</summary>
public static partial class SecretsHosting
{
    private static readonly string[] PartnerNames = ["ClientId", "UserName", "Username", "SaslUsername", "User"];

    public static void RememberConfiguredSecrets(this IConfiguration configuration, SecretRedaction redaction)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(redaction);
        var values = configuration.AsEnumerable().Where(pair => !string.IsNullOrEmpty(pair.Value)).ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, secret) in values)
        {
            // A URL setting (Brokers:MyBroker:Url) may carry a key in its query or a password in its user-info.
            if (secret.Contains("://", StringComparison.Ordinal))
            {
                redaction.RememberUrl(secret);
            }

            var name = key[(key.LastIndexOf(':') + 1)..];
            if (!SecretName().IsMatch(name))
            {
                continue;
            }

            // The name that goes with it, for the Basic header an echo would carry (ClientId:ClientSecret, UserName:Password).
            var section = key[..Math.Max(key.LastIndexOf(':'), 0)];
            var partner = PartnerNames
                .Select(each => values.GetValueOrDefault(section.Length == 0 ? each : $"{section}:{each}"))
                .FirstOrDefault(each => each is not null);
            redaction.RememberPair(partner, secret);
        }
    }

    [GeneratedRegex("(token|password|secret|apikey|api_key|privatekey)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
