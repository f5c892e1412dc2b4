using System.Buffers.Binary;
using System.IO.Compression;
using Avro.File;
using Avro.Generic;
using SkiaSharp;
using TomDashboard.Astronomy;
using static TomDashboard.Tests.Astronomy.TestImages;

namespace TomDashboard.Tests.Astronomy;

public sealed class FitsImageTests
{
    [Fact]
    public void Round_trips_pixels_and_nan_through_fits_and_gzip()
    {
        var original = SkyWithStar(31, 17, starX: 12, starY: 5);
        original.Pixels[(3 * 31) + 4] = float.NaN;

        var fits = original.ToFits();
        Assert.Equal(0, fits.Length % FitsImage.BlockSize);
        Assert.Equal(2 * FitsImage.BlockSize, fits.Length); // one header block, 31·17·4 bytes of data in one block

        var read = FitsImage.Read(fits);
        Assert.Equal(31, read.Width);
        Assert.Equal(17, read.Height);
        Assert.Equal(original.Pixels, read.Pixels); // NaN equals NaN for float arrays
        Assert.True(float.IsNaN(read[4, 3]));
        Assert.Equal("-32", read.Header["BITPIX"]);

        var gzipped = Gzip(fits);
        Assert.Equal(0x1F, gzipped[0]);
        var fromGzip = FitsImage.Read(gzipped);
        Assert.Equal(original.Pixels, fromGzip.Pixels);
    }

    [Fact]
    public void Scales_bitpix_16_with_bzero_bscale_and_blank()
    {
        short[] raw = [0, 1, -2, -32768, 32767, 10];
        var data = new byte[raw.Length * 2];
        for (var i = 0; i < raw.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(i * 2), raw[i]);
        }

        var bytes = Fits(
            [
                Card("SIMPLE", "T"), Card("BITPIX", 16), Card("NAXIS", 2), Card("NAXIS1", 3), Card("NAXIS2", 2),
                Card("BSCALE", "5.0D-1"), Card("BZERO", "100.0 / comment"), Card("BLANK", -32768),
                "OBJECT  = 'ZTF18ab''cd'         / a quoted name".PadRight(80),
                "COMMENT   a commentary card with = in it".PadRight(80),
            ],
            data);

        var image = FitsImage.Read(bytes);

        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(100f, image[0, 0]);
        Assert.Equal(100.5f, image[1, 0]);
        Assert.Equal(99f, image[2, 0]);
        Assert.True(float.IsNaN(image[0, 1]));
        Assert.Equal(100f + 16383.5f, image[1, 1]);
        Assert.Equal(105f, image[2, 1]);
        Assert.Equal("ZTF18ab'cd", image.Header["OBJECT"]);
        Assert.Equal("100.0", image.Header["BZERO"]);
        Assert.False(image.Header.ContainsKey("COMMENT"));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(-64)]
    public void Reads_every_supported_bitpix(int bitpix)
    {
        double[] raw = [0, 1, 2, 200];
        var size = Math.Abs(bitpix) / 8;
        var data = new byte[raw.Length * size];
        for (var i = 0; i < raw.Length; i++)
        {
            var slot = data.AsSpan(i * size);
            switch (bitpix)
            {
                case 8: slot[0] = (byte)raw[i]; break;
                case 32: BinaryPrimitives.WriteInt32BigEndian(slot, (int)raw[i]); break;
                case 64: BinaryPrimitives.WriteInt64BigEndian(slot, (long)raw[i]); break;
                default: BinaryPrimitives.WriteDoubleBigEndian(slot, raw[i]); break;
            }
        }

        var bytes = Fits(
            [
                Card("SIMPLE", "T"), Card("BITPIX", bitpix), Card("NAXIS", 2), Card("NAXIS1", 2), Card("NAXIS2", 2),
                Card("BSCALE", 2), Card("BZERO", -1),
            ],
            data,
            padData: false); // a file without its final padding is still read

        Assert.Equal([-1f, 1f, 3f, 399f], FitsImage.Read(bytes).Pixels);
    }

    [Fact]
    public void Accepts_a_cube_of_one_plane()
    {
        var data = new byte[2 * 4];
        BinaryPrimitives.WriteSingleBigEndian(data, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(4), float.PositiveInfinity);
        var bytes = Fits(
            [
                Card("SIMPLE", "T"), Card("BITPIX", -32), Card("NAXIS", 3),
                Card("NAXIS1", 2), Card("NAXIS2", 1), Card("NAXIS3", 1),
            ],
            data);

        var image = FitsImage.Read(bytes);

        Assert.Equal((2, 1), (image.Width, image.Height));
        Assert.Equal(1.5f, image[0, 0]);
        Assert.True(float.IsNaN(image[1, 0])); // non-finite values become NaN
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "empty", "Not a FITS file" },
        { "text", "Not a FITS file" },
        { "simple-false", "SIMPLE is not T" },
        { "no-end", "no END card" },
        { "truncated", "truncated" },
        { "naxis-1", "NAXIS is 1" },
        { "cube", "NAXIS3 = 2" },
        { "bitpix-24", "Unsupported BITPIX 24" },
        { "no-bitpix", "no valid BITPIX" },
        { "zero-width", "positive integers" },
        { "bad-bscale", "BSCALE must be a finite number" },
        { "gzip-garbage", "The gzip data is damaged" },
        { "gzip-truncated", "The gzip data looks truncated" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Rejects_bad_input_with_a_message(string kind, string expectedProblem)
    {
        var bytes = BadInput(kind);

        Assert.False(FitsImage.TryRead(bytes, out var image, out var problem));
        Assert.Null(image);
        Assert.Contains(expectedProblem, problem, StringComparison.Ordinal);
        var thrown = Assert.Throws<FormatException>(() => FitsImage.Read(bytes));
        Assert.Equal(problem, thrown.Message);
    }

    [Fact]
    public void Reads_the_gzipped_cutouts_of_a_real_ztf_alert()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ztf", "472263571115115000.avro");
        using var reader = DataFileReader<GenericRecord>.OpenReader(path);
        var alert = reader.Next();

        foreach (var field in new[] { "cutoutScience", "cutoutTemplate", "cutoutDifference" })
        {
            var cutout = (GenericRecord)alert[field];
            var stamp = (byte[])cutout["stampData"];
            Assert.Equal(0x1F, stamp[0]);

            Assert.True(FitsImage.TryRead(stamp, out var image, out var problem), problem);
            Assert.Equal((63, 63), (image.Width, image.Height));
            Assert.Equal("63", image.Header["NAXIS1"]);
            Assert.Contains(image.Pixels, float.IsFinite);
            using var png = SKBitmap.Decode(CutoutRenderer.RenderPng(image));
            Assert.Equal((63, 63), (png.Width, png.Height));
            Assert.Contains(png.Pixels, p => p.Red is > 0 and < 255); // a real cutout has mid-tones
        }
    }

    private static byte[] BadInput(string kind)
    {
        string[] image2x2 = [Card("SIMPLE", "T"), Card("BITPIX", -32), Card("NAXIS", 2), Card("NAXIS1", 2), Card("NAXIS2", 2)];
        var data2x2 = new byte[16];
        return kind switch
        {
            "empty" => [],
            "text" => "<html><body>502 Bad Gateway</body></html>"u8.ToArray(),
            "simple-false" => Fits([Card("SIMPLE", "F"), .. image2x2[1..]], data2x2),
            "no-end" => System.Text.Encoding.ASCII.GetBytes(string.Concat(image2x2)),
            "truncated" => new FitsImage(20, 20, new float[400]).ToFits()[..(FitsImage.BlockSize + 1000)],
            "naxis-1" => Fits([Card("SIMPLE", "T"), Card("BITPIX", -32), Card("NAXIS", 1), Card("NAXIS1", 4)], data2x2),
            "cube" => Fits([.. image2x2.Select(c => c.Replace("NAXIS   =                    2", "NAXIS   =                    3", StringComparison.Ordinal)), Card("NAXIS3", 2)], new byte[32]),
            "bitpix-24" => Fits([image2x2[0], Card("BITPIX", 24), .. image2x2[2..]], data2x2),
            "no-bitpix" => Fits([image2x2[0], .. image2x2[2..]], data2x2),
            "zero-width" => Fits([.. image2x2[..3], Card("NAXIS1", 0), image2x2[4]], data2x2),
            "bad-bscale" => Fits([.. image2x2, Card("BSCALE", "'two'")], data2x2),
            "gzip-garbage" => [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            "gzip-truncated" => Gzip(SkyWithStar(20, 20, 10, 10).ToFits())[..200],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
