namespace TomDashboard.Alerts;

/// <summary>Image stamps around the alert: FITS files as the packet gives them, gzipped (ZTF, Rubin) or plain.</summary>
public sealed record AlertCutouts(byte[]? Science, byte[]? Template, byte[]? Difference)
{
    public bool IsEmpty => Science is null && Template is null && Difference is null;

    /// <summary>The stamps, or null when the packet had none.</summary>
    public static AlertCutouts? Of(byte[]? science, byte[]? template, byte[]? difference) =>
        science is null && template is null && difference is null ? null : new AlertCutouts(science, template, difference);
}
