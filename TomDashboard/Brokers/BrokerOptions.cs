using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers;

/// <summary>What every broker's section under <c>Brokers:&lt;Name&gt;</c> may set. Brokers derive their own options from it.</summary>
public class BrokerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Time allowed for one HTTP attempt.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after a transient failure (5xx, 429, timeout).</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 3;

    /// <summary>The longest Retry-After worth waiting for within one run; a longer one is reported instead.</summary>
    [Range(0, 600)]
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>
    /// What must still be set before the broker can be used (a token, say), in words that name the setting;
    /// null when nothing is missing. The broker is then listed as needing configuration.
    /// </summary>
    public virtual string? MissingConfiguration() => null;
}
