namespace TomDashboard.Alerts;

/// <summary>What View shows beyond the row: the packet's cutouts and light curve.</summary>
public sealed record LiveAlertDetails(IReadOnlyList<PhotometryPoint> Photometry, AlertCutouts? Cutouts);
