using System.Globalization;
using System.Text;
using TomDashboard.Astronomy;

namespace TomDashboard.Tests.Astronomy;

/// <summary>Synthetic cutouts and hand-built FITS bytes for the astronomy tests.</summary>
internal static class TestImages
{
    /// <summary>A flat sky with Gaussian noise (fixed seed) and a Gaussian star; no NaN.</summary>
    public static FitsImage SkyWithStar(
        int width, int height, int starX, int starY, double sky = 100, double noise = 5, double peak = 2000,
        double starSigma = 1.5, int seed = 7)
    {
        var random = new Random(seed);
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var r2 = ((x - starX) * (x - starX)) + ((y - starY) * (y - starY));
                var star = peak * Math.Exp(-r2 / (2 * starSigma * starSigma));
                pixels[(y * width) + x] = (float)(sky + star + (noise * Gaussian(random)));
            }
        }

        return new FitsImage(width, height, pixels);
    }

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>One 80-character header card: <c>KEYWORD = value</c>, the value right-aligned to column 30.</summary>
    public static string Card(string keyword, object value) =>
        string.Create(CultureInfo.InvariantCulture, $"{keyword,-8}= {value,20}").PadRight(80);

    /// <summary>A FITS file from the given cards (END is added) and raw big-endian data, padded to 2880-byte blocks.</summary>
    public static byte[] Fits(IEnumerable<string> cards, byte[] data, bool padData = true)
    {
        var header = new StringBuilder(string.Concat(cards)).Append("END".PadRight(80));
        while (header.Length % 2880 != 0)
        {
            header.Append(' ');
        }

        var dataLength = padData ? (data.Length + 2879) / 2880 * 2880 : data.Length;
        var bytes = new byte[header.Length + dataLength];
        Encoding.ASCII.GetBytes(header.ToString(), bytes);
        data.CopyTo(bytes, header.Length);
        return bytes;
    }
}
