using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Queries;

/// <summary>Limits of a query run's results, bound from <c>AlertGrid</c>.</summary>
public sealed class AlertGridOptions
{
    public const string Section = "AlertGrid";

    /// <summary>The most alerts one grid holds; a query run stops there and says so.</summary>
    [Range(100, 1_000_000)]
    public int MaxRows { get; set; } = 50_000;

    /// <summary>
    /// The least time between two renders while a broker trickles; a full buffer or a finished broker is rendered as
    /// soon as the previous render has reached the browser.
    /// </summary>
    [Range(20, 5_000)]
    public int RenderIntervalMilliseconds { get; set; } = 150;

    /// <summary>Alerts waiting between the broker and the grid; beyond this the broker waits (nothing is dropped).</summary>
    [Range(100, 1_000_000)]
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>Query runs one user may have going at once (open run pages); the next is refused with a message.</summary>
    [Range(1, 100)]
    public int MaxConcurrentRunsPerUser { get; set; } = 4;
}
