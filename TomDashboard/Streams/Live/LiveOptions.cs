using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Streams.Live;

/// <summary><c>Live</c>: how much each Live page holds and how often it draws.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Rows a Live page keeps; the oldest go first.</summary>
    [Range(100, 1_000_000)]
    public int MaxRows { get; set; } = 5_000;

    [Range(20, 5_000)]
    public int RenderIntervalMilliseconds { get; set; } = 150;

    /// <summary>Alerts waiting for one page's next render; a page that falls further behind loses its oldest.</summary>
    [Range(10, 1_000_000)]
    public int BufferCapacity { get; set; } = 2_000;

    /// <summary>How often the home page's rate chart takes a sample of every stream's count.</summary>
    [Range(1, 600)]
    public int RateSampleSeconds { get; set; } = 10;

    /// <summary>Recent alerts whose cutouts and photometry View can still show.</summary>
    [Range(10, 1_000_000)]
    public int DetailsCapacity { get; set; } = 2_000;
}
