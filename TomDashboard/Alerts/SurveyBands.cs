namespace TomDashboard.Alerts;

/// <summary>
/// Band names as the dashboard stores them, one rule per survey, so a ZTF r point from a stream packet and from a
/// broker land on the same light-curve trace: "ztfg", "ztfr", "ztfi"; "lsstu" … "lssty".
/// </summary>
public static class SurveyBands
{
    /// <summary>A ZTF filter id (fid 1, 2, 3 are g, r, i).</summary>
    public static string Ztf(long? fid) => fid switch
    {
        1 => "ztfg",
        2 => "ztfr",
        3 => "ztfi",
        _ => $"ztf{fid}",
    };

    /// <summary>An LSST band letter (u, g, r, i, z, y), in any case.</summary>
    public static string Lsst(string band)
    {
        ArgumentNullException.ThrowIfNull(band);
        return "lsst" + band.Trim().ToLowerInvariant();
    }
}
