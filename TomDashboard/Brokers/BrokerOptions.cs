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
}
