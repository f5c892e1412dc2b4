namespace TomDashboard.Astronomy;

/// <summary>AB magnitudes from fluxes in nanojansky (Rubin <c>psfFlux</c>, Lasair LSST columns).</summary>
public static class AbMagnitude
{
    /// <summary>m = 31.4 − 2.5·log10(f / 1 nJy), the same as −2.5·log10(f / 3631 Jy).</summary>
    public const double NanojanskyZeroPoint = 31.4;

    /// <summary>2.5 / ln 10: σm = this·σf / f.</summary>
    public static readonly double ErrorFactor = 2.5 / Math.Log(10);

    /// <summary>The magnitude of a positive flux; null for zero, negative or non-finite flux (a real measurement with no magnitude).</summary>
    public static double? FromNanojansky(double flux) =>
        flux > 0 && double.IsFinite(flux) ? NanojanskyZeroPoint - (2.5 * Math.Log10(flux)) : null;

    /// <summary>The magnitude error of a positive flux: 1.0857·σf / f.</summary>
    public static double? ErrorFromNanojansky(double flux, double fluxError) =>
        flux > 0 && double.IsFinite(flux) && fluxError >= 0 && double.IsFinite(fluxError) ? ErrorFactor * fluxError / flux : null;

    /// <summary>An upper limit, 31.4 − 2.5·log10(N·σf), for a flux error in nJy; N is usually 5.</summary>
    public static double? LimitFromNanojansky(double fluxError, double sigmas = 5) =>
        fluxError > 0 && double.IsFinite(fluxError) && sigmas > 0 ? FromNanojansky(sigmas * fluxError) : null;
}
