namespace TomDashboard.Alerts;

/// <summary>A photometric point as a broker or packet gives it.</summary>
public sealed record PhotometryPoint
{
    public required DateTimeOffset Timestamp { get; init; }

    public required string Band { get; init; }

    public double? Magnitude { get; init; }

    public double? MagnitudeError { get; init; }

    public double? Limit { get; init; }

    public required string Source { get; init; }

    /// <summary>The 5σ upper limit used for a flux that is not a detection.</summary>
    public const double LimitSigmas = 5;

    /// <summary>
    /// A point from a difference flux in nJy (Rubin and everything built on it). A flux above
    /// <paramref name="detectionSigmas"/>·σ (and positive) is a detection with its AB magnitude; anything else is a
    /// real measurement without a magnitude and is kept as a 5σ upper limit; null when the error is unknown too.
    /// </summary>
    public static PhotometryPoint? FromFlux(DateTimeOffset timestamp, string band, double flux, double? fluxError, string source, double detectionSigmas = 0)
    {
        if (!double.IsFinite(flux))
        {
            return null;
        }

        var detected = fluxError is not { } sigma || flux > detectionSigmas * sigma;
        if (detected && Astronomy.FluxMagnitude.AbMagnitudeFromNanojansky(flux) is { } magnitude)
        {
            return new PhotometryPoint
            {
                Timestamp = timestamp,
                Band = band,
                Magnitude = magnitude,
                MagnitudeError = fluxError is { } error ? Astronomy.FluxMagnitude.AbMagnitudeErrorFromNanojansky(flux, error) : null,
                Source = source,
            };
        }

        return fluxError is { } noise && Astronomy.FluxMagnitude.AbLimitFromNanojansky(noise, LimitSigmas) is { } limit
            ? new PhotometryPoint { Timestamp = timestamp, Band = band, Limit = limit, Source = source }
            : null;
    }
}
