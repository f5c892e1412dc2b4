using SkiaSharp;

namespace TomDashboard.Astronomy;

/// <summary>How pixel values become grey levels.</summary>
public enum CutoutStretch
{
    /// <summary>IRAF/astropy zscale limits, then a linear ramp: shows faint structure around the sky level.</summary>
    ZScale,

    /// <summary>Limits at the 0.5 and 99.5 percentiles, then astropy's AsinhStretch (a = 0.1): keeps bright cores.</summary>
    Asinh,
}

/// <summary>Turns a FITS cutout into an 8-bit grayscale PNG in the astronomical display orientation.</summary>
public static class CutoutRenderer
{
    /// <summary>astropy's AsinhStretch default: the value where the stretch turns from linear to logarithmic.</summary>
    private const double AsinhSoftening = 0.1;

    // astropy ZScaleInterval defaults.
    private const int ZScaleSamples = 1000;
    private const double ZScaleContrast = 0.25;
    private const double ZScaleMaxReject = 0.5;
    private const int ZScaleMinPixels = 5;
    private const double ZScaleRejectionSigmas = 2.5;
    private const int ZScaleMaxIterations = 5;

    /// <summary>
    /// Renders the image at its native size as an 8-bit grayscale PNG. NaN pixels are black. FITS row 0 is the bottom
    /// row of the PNG.
    /// </summary>
    public static byte[] RenderPng(FitsImage image, CutoutStretch stretch = CutoutStretch.ZScale)
    {
        ArgumentNullException.ThrowIfNull(image);
        var levels = ToGrayLevels(image, stretch);

        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var target = bitmap.GetPixelSpan();
        for (var row = 0; row < image.Height; row++)
        {
            levels.AsSpan(row * image.Width, image.Width).CopyTo(target[(row * bitmap.RowBytes)..]);
        }

        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100)
                        ?? throw new InvalidOperationException("SkiaSharp could not encode the cutout as PNG.");
        return png.ToArray();
    }

    /// <summary>
    /// The grey level of every pixel, row-major in display order: row 0 is the top of the picture, which is the last
    /// FITS row.
    /// </summary>
    internal static byte[] ToGrayLevels(FitsImage image, CutoutStretch stretch)
    {
        var (lower, upper) = stretch switch
        {
            CutoutStretch.ZScale => ZScaleLimits(image.Pixels),
            CutoutStretch.Asinh => PercentileLimits(image.Pixels, 0.5, 99.5),
            _ => throw new ArgumentOutOfRangeException(nameof(stretch), stretch, "Unknown stretch."),
        };
        var range = upper - lower;
        var asinhScale = Math.Asinh(1.0 / AsinhSoftening);

        var levels = new byte[image.Pixels.Length];
        for (var row = 0; row < image.Height; row++)
        {
            var fitsRow = image.Height - 1 - row;
            for (var x = 0; x < image.Width; x++)
            {
                var value = image.Pixels[(fitsRow * image.Width) + x];
                if (!float.IsFinite(value))
                {
                    continue; // black
                }

                // A flat image (no range) shows as mid grey, so it is not mistaken for missing data.
                var t = range > 0 ? Math.Clamp((value - lower) / range, 0.0, 1.0) : 0.5;
                if (stretch == CutoutStretch.Asinh)
                {
                    t = Math.Asinh(t / AsinhSoftening) / asinhScale;
                }

                levels[(row * image.Width) + x] = (byte)Math.Round(t * 255.0);
            }
        }

        return levels;
    }

    /// <summary>
    /// The zscale display limits of IRAF and astropy's ZScaleInterval: up to 1000 finite pixels sampled evenly and
    /// sorted, a straight line fitted to them with iterative 2.5σ rejection (rejected samples grown by 1 %), then
    /// median ∓ the span of the line's slope divided by the contrast (0.25), within the sample's range. When too many
    /// samples are rejected the limits are the sample's minimum and maximum. NaN, NaN when no pixel is finite.
    /// </summary>
    public static (double Lower, double Upper) ZScaleLimits(ReadOnlySpan<float> pixels)
    {
        var samples = SampleFinite(pixels, ZScaleSamples);
        var count = samples.Length;
        if (count == 0)
        {
            return (double.NaN, double.NaN);
        }

        Array.Sort(samples);
        double lower = samples[0];
        double upper = samples[^1];

        var minGood = Math.Max(ZScaleMinPixels, (int)(count * ZScaleMaxReject));
        var grow = Math.Max(1, (int)(count * 0.01));
        var rejected = new bool[count];
        var good = count;
        var lastGood = count + 1;
        var slope = 0.0;
        for (var iteration = 0; iteration < ZScaleMaxIterations; iteration++)
        {
            if (good >= lastGood || good < minGood)
            {
                break;
            }

            (slope, var intercept) = FitLine(samples, rejected);
            var threshold = ZScaleRejectionSigmas * ResidualDeviation(samples, rejected, slope, intercept);
            for (var i = 0; i < count; i++)
            {
                var residual = samples[i] - (intercept + (slope * i));
                if (residual < -threshold || residual > threshold)
                {
                    rejected[i] = true;
                }
            }

            rejected = Grow(rejected, grow);
            lastGood = good;
            good = rejected.Count(r => !r);
        }

        if (good >= minGood)
        {
            slope /= ZScaleContrast;
            var center = (count - 1) / 2;
            var median = (count % 2 == 1) ? samples[count / 2] : (samples[(count / 2) - 1] + (double)samples[count / 2]) / 2;
            lower = Math.Max(lower, median - ((center - 1) * slope));
            upper = Math.Min(upper, median + ((count - center) * slope));
        }

        return (lower, upper);
    }

    /// <summary>
    /// Percentiles of the finite pixels with linear interpolation between ranks (numpy's default), as astropy's
    /// AsymmetricPercentileInterval. NaN, NaN when no pixel is finite.
    /// </summary>
    public static (double Lower, double Upper) PercentileLimits(
        ReadOnlySpan<float> pixels, double lowerPercent, double upperPercent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lowerPercent, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(upperPercent, 100.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lowerPercent, upperPercent);

        var finite = SampleFinite(pixels, int.MaxValue);
        if (finite.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        Array.Sort(finite);
        return (Percentile(finite, lowerPercent), Percentile(finite, upperPercent));
    }

    private static double Percentile(float[] sorted, double percent)
    {
        var position = percent / 100.0 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var fraction = position - below;
        return sorted[below] + (fraction * (sorted[above] - (double)sorted[below]));
    }

    /// <summary>Every stride-th finite pixel, at most <paramref name="maxSamples"/>, as astropy samples them.</summary>
    private static float[] SampleFinite(ReadOnlySpan<float> pixels, int maxSamples)
    {
        var finiteCount = 0;
        foreach (var value in pixels)
        {
            if (float.IsFinite(value))
            {
                finiteCount++;
            }
        }

        var stride = Math.Max(1, (int)(finiteCount / (double)maxSamples));
        var samples = new float[Math.Min(maxSamples, ((finiteCount - 1) / stride) + 1)];
        var finiteIndex = 0;
        var taken = 0;
        foreach (var value in pixels)
        {
            if (!float.IsFinite(value))
            {
                continue;
            }

            if (finiteIndex % stride == 0 && taken < samples.Length)
            {
                samples[taken++] = value;
            }

            finiteIndex++;
        }

        return samples;
    }

    /// <summary>Least-squares line through (i, sample[i]) over the samples not rejected.</summary>
    private static (double Slope, double Intercept) FitLine(float[] samples, bool[] rejected)
    {
        double n = 0, sumX = 0, sumY = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            if (!rejected[i])
            {
                n++;
                sumX += i;
                sumY += samples[i];
            }
        }

        var meanX = sumX / n;
        var meanY = sumY / n;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            if (!rejected[i])
            {
                sxx += (i - meanX) * (i - meanX);
                sxy += (i - meanX) * (samples[i] - meanY);
            }
        }

        var slope = sxx > 0 ? sxy / sxx : 0.0;
        return (slope, meanY - (slope * meanX));
    }

    /// <summary>Population standard deviation of the residuals from the line, over the samples not rejected.</summary>
    private static double ResidualDeviation(float[] samples, bool[] rejected, double slope, double intercept)
    {
        double n = 0, sum = 0, sumSquares = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            if (!rejected[i])
            {
                var residual = samples[i] - (intercept + (slope * i));
                n++;
                sum += residual;
                sumSquares += residual * residual;
            }
        }

        var mean = sum / n;
        return Math.Sqrt(Math.Max(0.0, (sumSquares / n) - (mean * mean)));
    }

    /// <summary>
    /// Marks the neighbours of rejected samples too: numpy's convolve(mask, ones(width), "same"), so sample i is
    /// rejected when any of i − width/2 … i − width/2 + width − 1 was.
    /// </summary>
    private static bool[] Grow(bool[] rejected, int width)
    {
        var grown = new bool[rejected.Length];
        for (var i = 0; i < rejected.Length; i++)
        {
            if (!rejected[i])
            {
                continue;
            }

            // Sample j sees i when j − width/2 ≤ i ≤ j − width/2 + width − 1.
            var from = Math.Max(0, i + (width / 2) - width + 1);
            var to = Math.Min(rejected.Length - 1, i + (width / 2));
            for (var j = from; j <= to; j++)
            {
                grown[j] = true;
            }
        }

        return grown;
    }
}
