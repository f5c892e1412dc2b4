using System.Buffers.Binary;
using SkiaSharp;
using TomDashboard.Astronomy;
using static TomDashboard.Tests.Astronomy.TestImages;

namespace TomDashboard.Tests.Astronomy;

public sealed class CutoutRendererTests
{
    private const int Width = 40;
    private const int Height = 30;

    [Theory]
    [InlineData(CutoutStretch.ZScale)]
    [InlineData(CutoutStretch.Asinh)]
    public void Renders_a_grayscale_png_with_fits_row_zero_at_the_bottom(CutoutStretch stretch)
    {
        // The star sits low in FITS coordinates (row 6), so it must appear near the bottom of the picture.
        var image = SkyWithStar(Width, Height, starX: 25, starY: 6);
        image.Pixels[(24 * Width) + 5] = float.NaN;

        var png = CutoutRenderer.RenderPng(image, stretch);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(0, png[25]); // IHDR colour type 0: grayscale
        Assert.Equal(8, png[24]); // 8 bits per sample
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((Width, Height), (bitmap.Width, bitmap.Height));

        var levels = new byte[Width, Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var color = bitmap.GetPixel(x, y);
                Assert.True(color.Red == color.Green && color.Green == color.Blue, $"pixel ({x},{y}) is not grey: {color}");
                levels[x, y] = color.Red;
            }
        }

        var flippedStarY = Height - 1 - 6;
        var brightest = levels.Cast<byte>().Max();
        Assert.Equal(255, brightest);
        Assert.Equal(brightest, levels[25, flippedStarY]);
        Assert.True(levels[25, 6] < 200, $"the unflipped position is {levels[25, 6]}, the star was not flipped");

        // The bright pixels gather around the flipped star position.
        var bright = Enumerable.Range(0, Width * Height)
            .Select(i => (X: i % Width, Y: i / Width))
            .Where(p => levels[p.X, p.Y] == 255)
            .ToList();
        Assert.InRange(bright.Average(p => p.X), 24.5, 25.5);
        Assert.InRange(bright.Average(p => p.Y), flippedStarY - 0.5, flippedStarY + 0.5);

        Assert.Equal(0, levels[5, Height - 1 - 24]); // NaN renders black
    }

    [Theory]
    [InlineData(CutoutStretch.ZScale)]
    [InlineData(CutoutStretch.Asinh)]
    public void Nan_is_black_where_every_real_pixel_is_grey(CutoutStretch stretch)
    {
        var pixels = Enumerable.Repeat(500f, 16).ToArray();
        pixels[1] = float.NaN; // FITS row 0, column 1: the bottom row of the picture
        var image = new FitsImage(4, 4, pixels);

        using var bitmap = SKBitmap.Decode(CutoutRenderer.RenderPng(image, stretch));

        Assert.Equal(0, bitmap.GetPixel(1, 3).Red);
        Assert.True(bitmap.GetPixel(0, 3).Red > 100, "a flat image is shown as grey, not black");
        Assert.Equal(bitmap.GetPixel(0, 3), bitmap.GetPixel(3, 0));
    }

    [Fact]
    public void An_all_nan_image_renders_black()
    {
        var image = new FitsImage(3, 2, Enumerable.Repeat(float.NaN, 6).ToArray());

        using var bitmap = SKBitmap.Decode(CutoutRenderer.RenderPng(image));

        Assert.Equal((3, 2), (bitmap.Width, bitmap.Height));
        Assert.All(bitmap.Pixels, p => Assert.Equal(0, p.Red));
        Assert.Equal((double.NaN, double.NaN), CutoutRenderer.ZScaleLimits(image.Pixels));
    }

    [Fact]
    public void Zscale_limits_follow_the_noise_not_the_outliers()
    {
        // Sky 1000 ± 10 on 100 × 100 pixels, with 20 hot pixels at 60 000 and 10 dead ones at -5 000. zscale samples
        // every 10th pixel, and every outlier sits on a sampled pixel, so they are in the fit and must be rejected.
        var random = new Random(11);
        var pixels = new float[100 * 100];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)(1000 + (10 * Gaussian(random)));
            if (i % 500 == 10)
            {
                pixels[i] = 60_000;
            }
            else if (i % 990 == 20)
            {
                pixels[i] = -5_000;
            }
        }

        var (lower, upper) = CutoutRenderer.ZScaleLimits(pixels);

        Assert.Equal(60_000f, pixels.Max());
        Assert.Equal(-5_000f, pixels.Min());
        // About six sigma either side of the sky: the core slope of sorted Gaussian noise over a quarter contrast.
        Assert.InRange(lower, 925, 960);
        Assert.InRange(upper, 1040, 1075);
    }

    [Fact]
    public void Zscale_limits_of_a_ramp_are_its_ends_and_of_a_tiny_image_its_extremes()
    {
        // A linear ramp fits exactly: slope/contrast reaches beyond both ends, so the limits are clamped to the data.
        var ramp = Enumerable.Range(0, 2000).Select(i => (float)i).ToArray();
        Assert.Equal((0.0, 1998.0), CutoutRenderer.ZScaleLimits(ramp)); // every second value is sampled

        // Fewer than 5 samples: no fit, the limits are the minimum and the maximum.
        Assert.Equal((-3.0, 8.0), CutoutRenderer.ZScaleLimits([2f, -3f, float.NaN, 8f]));
    }

    [Fact]
    public void Zscale_narrows_to_a_quarter_contrast_slope_around_the_median()
    {
        // A gentle ramp with a steep tail: the fit rejects the tail, and the limits come from the core slope.
        var values = new float[1000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i < 900 ? i * 0.01f : 9f + ((i - 900) * 50f);
        }

        var (lower, upper) = CutoutRenderer.ZScaleLimits(values);

        // A core slope of 0.01 per sample over a quarter contrast spans ±500 samples · 0.04 = ±20 around the median 4.995.
        Assert.Equal(0.0, lower, 6); // clamped to the data minimum
        Assert.InRange(upper, 20, 30);
        Assert.True(upper < values.Max() / 100);
    }

    [Fact]
    public void Percentile_limits_interpolate_like_numpy()
    {
        var values = Enumerable.Range(1, 101).Select(i => (float)i).Append(float.NaN).ToArray();

        var (lower, upper) = CutoutRenderer.PercentileLimits(values, 0.5, 99.5);

        Assert.Equal(1.5, lower, 9);
        Assert.Equal(100.5, upper, 9);
    }

    [Fact]
    public void Asinh_stretch_lifts_faint_values_more_than_a_linear_ramp()
    {
        // 0..999 ramp: a pixel a tenth of the way up is at asinh(1)/asinh(10) ≈ 0.294 of full scale.
        var pixels = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();
        var image = new FitsImage(1000, 1, pixels);
        var (lower, upper) = CutoutRenderer.PercentileLimits(pixels, 0.5, 99.5);
        var tenth = (float)(lower + (0.1 * (upper - lower)));
        image.Pixels[500] = tenth;

        using var bitmap = SKBitmap.Decode(CutoutRenderer.RenderPng(image, CutoutStretch.Asinh));

        var expected = Math.Round(255 * Math.Asinh(1) / Math.Asinh(10));
        Assert.Equal(expected, bitmap.GetPixel(500, 0).Red, 0);
        Assert.Equal(255, bitmap.GetPixel(999, 0).Red);
        Assert.Equal(0, bitmap.GetPixel(0, 0).Red);
    }

    [Fact]
    public void Renders_a_cutout_read_back_from_its_fits_bytes_at_native_size()
    {
        var fits = SkyWithStar(63, 63, starX: 31, starY: 31).ToFits();

        var png = CutoutRenderer.RenderPng(FitsImage.Read(fits));

        Assert.Equal(63, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(63, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
