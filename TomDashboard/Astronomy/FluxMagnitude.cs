namespace TomDashboard.Astronomy;

/// <summary>
/// AB magnitudes from fluxes in nanojansky: m = 31.4 − 2.5·log10(f / 1 nJy), the same as −2.5·log10(f / 3631 Jy).
/// Rubin difference fluxes can be negative and are still real measurements: those get no magnitude (null), and
/// the caller keeps the flux.
/// </summary>
public static class FluxMagnitude
{
    /// <summary>
    /// The AB magnitude of a flux of 1 nJy, rounded as the brokers use it: 2.5·log10(3631 Jy / 1 nJy) = 31.40007.
    /// </summary>
    public const double AbZeroPointNanojansky = 31.4;

    /// <summary>2.5 / ln 10 ≈ 1.0857: turns a relative flux error into a magnitude error.</summary>
    private static readonly double MagnitudesPerRelativeFlux = 2.5 / Math.Log(10.0);

    /// <summary>m = 31.4 − 2.5·log10(f); null when the flux is not positive or not finite.</summary>
    public static double? AbMagnitudeFromNanojansky(double fluxNjy) =>
        IsPositiveFinite(fluxNjy) ? AbZeroPointNanojansky - (2.5 * Math.Log10(fluxNjy)) : null;

    /// <summary>σm = (2.5 / ln 10)·σf / f; null when the flux is not positive or either value is not finite.</summary>
    public static double? AbMagnitudeErrorFromNanojansky(double fluxNjy, double fluxErrorNjy) =>
        IsPositiveFinite(fluxNjy) && double.IsFinite(fluxErrorNjy) && fluxErrorNjy >= 0
            ? MagnitudesPerRelativeFlux * fluxErrorNjy / fluxNjy
            : null;

    /// <summary>
    /// The upper-limit magnitude m_lim = 31.4 − 2.5·log10(N·σf) for an N-sigma detection threshold (record N with
    /// the limit); null when the error is not positive or not finite, or N is not positive.
    /// </summary>
    public static double? AbLimitFromNanojansky(double fluxErrorNjy, double sigmas = 5) =>
        IsPositiveFinite(fluxErrorNjy) && IsPositiveFinite(sigmas)
            ? AbMagnitudeFromNanojansky(sigmas * fluxErrorNjy)
            : null;

    private static bool IsPositiveFinite(double value) => double.IsFinite(value) && value > 0;
}
