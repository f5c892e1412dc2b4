namespace TomDashboard.Alerts;

/// <summary>What View shows beyond the row: the packet's cutouts and light curve, and the packet as JSON.</summary>
public sealed record LiveAlertDetails(IReadOnlyList<PhotometryPoint> Photometry, AlertCutouts? Cutouts)
{
    /// <summary>
    /// Makes the packet's JSON for View. Held here, with the details the hub keeps for its newest alerts only, rather
    /// than by every row of every Live page (it holds the packet's bytes).
    /// </summary>
    public Func<string>? RawJsonSource { get; init; }
}
