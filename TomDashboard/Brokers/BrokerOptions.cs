using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers;

/// <summary>What every broker's section under <c>Brokers:&lt;Name&gt;</c> may set. Brokers derive their own options from it.</summary>
public class BrokerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Time allowed for one call to the broker, retries included: what a user waits at most. One slow attempt may
    /// use all of it; retries after fast failures (5xx, 429, a refused connection) fit in what is left.
    /// </summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after a transient failure (5xx, 429, timeout).</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 3;

    /// <summary>
    /// The longest Retry-After worth waiting for within one call (and never more than <see cref="TimeoutSeconds"/>); a
    /// longer one is reported instead.
    /// </summary>
    [Range(0, 600)]
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>
    /// What must still be set before the broker can be used (a token, say), in words that name the setting;
    /// null when nothing is missing. The broker is then listed as needing configuration.
    /// </summary>
    public virtual string? MissingConfiguration() => null;

    /// <summary>
    /// The setting that holds the credential sent with a request to <paramref name="requestUri"/> (e.g.
    /// <c>Brokers:Lasair:ZtfToken</c>), so that a 401 or 403 can name what to fix; null when the broker takes none.
    /// </summary>
    public virtual string? CredentialSetting(Uri? requestUri) => null;
}
