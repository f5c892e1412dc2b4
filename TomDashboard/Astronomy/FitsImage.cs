using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace TomDashboard.Astronomy;

/// <summary>
/// A 2-D image from the primary HDU of a FITS file, such as a ZTF or Rubin cutout stamp. Pixels are physical values
/// (BZERO + BSCALE·raw) as floats; BLANK and non-finite values are NaN. Row 0 is the first row of the FITS data,
/// which is the bottom of the image in the usual display orientation.
/// </summary>
public sealed class FitsImage
{
    /// <summary>FITS files are made of blocks of this many bytes; headers are blocks of 36 cards.</summary>
    public const int BlockSize = 2880;

    private const int CardSize = 80;

    /// <summary>A bound on decompressed gzip input, so a tiny hostile stamp cannot fill the memory.</summary>
    private const int MaxDecompressedBytes = 256 * 1024 * 1024;

    private static readonly IReadOnlyDictionary<string, string> NoHeader =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).AsReadOnly();

    /// <summary>Makes an image from row-major pixels (row 0 = FITS first row = display bottom).</summary>
    public FitsImage(int width, int height, float[] pixels)
        : this(width, height, pixels, NoHeader)
    {
    }

    private FitsImage(int width, int height, float[] pixels, IReadOnlyDictionary<string, string> header)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException(
                $"A {width}×{height} image needs {(long)width * height} pixels, not {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
        Header = header;
    }

    /// <summary>NAXIS1: pixels per row.</summary>
    public int Width { get; }

    /// <summary>NAXIS2: number of rows.</summary>
    public int Height { get; }

    /// <summary>Row-major physical values; row 0 is the FITS first row (the bottom of the displayed image).</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays",
        Justification = "The pixel buffer is the image; renderers and writers read it in place.")]
    public float[] Pixels { get; }

    /// <summary>
    /// The primary header's valued cards: keyword → value as text (strings unquoted, comments removed). The first card
    /// wins when a keyword repeats. Empty for an image built in code.
    /// </summary>
    public IReadOnlyDictionary<string, string> Header { get; }

    /// <summary>The pixel in column <paramref name="x"/> of FITS row <paramref name="y"/> (both from 0).</summary>
    public float this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>Reads a FITS image, gzipped or not.</summary>
    /// <exception cref="FormatException">The bytes are not a 2-D FITS image this reader supports.</exception>
    public static FitsImage Read(ReadOnlySpan<byte> bytes) =>
        TryRead(bytes, out var image, out var problem) ? image : throw new FormatException(problem);

    /// <summary>Reads a FITS image, gzipped or not; on failure says why in <paramref name="problem"/>.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> bytes,
        [NotNullWhen(true)] out FitsImage? image,
        [NotNullWhen(false)] out string? problem)
    {
        image = null;
        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B)
        {
            return TryReadFits(bytes, out image, out problem);
        }

        if (!TryGunzip(bytes, out var inflated, out problem))
        {
            return false;
        }

        if (TryReadFits(inflated, out image, out problem))
        {
            return true;
        }

        // GZipStream ends quietly at a cut, so explain a bad FITS by a gzip trailer that disagrees with what came out.
        // (The trailer's ISIZE is the uncompressed length mod 2^32 of the last member.)
        var declared = bytes.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]) : (uint?)null;
        if (declared != (uint)inflated.Length)
        {
            problem = $"The gzip data looks truncated: it inflates to {inflated.Length} bytes, but its trailer " +
                      $"announces {(declared is { } size ? size.ToString(CultureInfo.InvariantCulture) : "nothing")}. {problem}";
        }

        return false;
    }

    /// <summary>
    /// Writes the image as a minimal FITS file: SIMPLE, BITPIX = -32, NAXIS = 2, NAXIS1, NAXIS2, then big-endian
    /// floats (NaN stays NaN), each part padded to 2880-byte blocks.
    /// </summary>
    public byte[] ToFits()
    {
        string[] cards =
        [
            Card("SIMPLE", "T"),
            Card("BITPIX", "-32"),
            Card("NAXIS", "2"),
            Card("NAXIS1", Width.ToString(CultureInfo.InvariantCulture)),
            Card("NAXIS2", Height.ToString(CultureInfo.InvariantCulture)),
            "END".PadRight(CardSize),
        ];
        var headerLength = RoundUpToBlock(cards.Length * CardSize);
        var dataLength = RoundUpToBlock(checked(Pixels.Length * sizeof(float)));
        var fits = new byte[checked(headerLength + dataLength)];

        var header = fits.AsSpan(0, headerLength);
        header.Fill((byte)' ');
        Encoding.ASCII.GetBytes(string.Concat(cards), header);

        var data = fits.AsSpan(headerLength);
        for (var i = 0; i < Pixels.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(data[(i * sizeof(float))..], Pixels[i]);
        }

        return fits;
    }

    private static string Card(string keyword, string value) =>
        $"{keyword,-8}= {value,20}".PadRight(CardSize);

    private static int RoundUpToBlock(int length) => (length + BlockSize - 1) / BlockSize * BlockSize;

    private static bool TryGunzip(ReadOnlySpan<byte> bytes, out byte[] inflated, [NotNullWhen(false)] out string? problem)
    {
        inflated = [];
        try
        {
            using var input = new MemoryStream(bytes.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxDecompressedBytes)
                {
                    problem = $"The gzip data inflates to more than {MaxDecompressedBytes / (1024 * 1024)} MiB.";
                    return false;
                }

                output.Write(buffer, 0, read);
            }

            inflated = output.ToArray();
            problem = null;
            return true;
        }
        catch (InvalidDataException ex)
        {
            problem = $"The gzip data is damaged: {ex.Message}";
            return false;
        }
    }

    private static bool TryReadFits(
        ReadOnlySpan<byte> bytes,
        [NotNullWhen(true)] out FitsImage? image,
        [NotNullWhen(false)] out string? problem)
    {
        image = null;
        if (!TryReadHeader(bytes, out var header, out var dataOffset, out problem)
            || !TryReadLayout(header, out var layout, out problem))
        {
            return false;
        }

        var available = Math.Max(0, bytes.Length - dataOffset);
        if (layout.DataBytes > available)
        {
            problem = $"The data is truncated: the header announces {layout.DataBytes} bytes of pixels " +
                      $"({layout.Width}×{layout.Height}, BITPIX {layout.Bitpix}) but only {available} follow the header.";
            return false;
        }

        var pixels = DecodePixels(bytes.Slice(dataOffset, (int)layout.DataBytes), layout);
        image = new FitsImage(layout.Width, layout.Height, pixels, header.AsReadOnly());
        return true;
    }

    /// <summary>Reads 80-character cards up to END; the data starts at the next 2880-byte block.</summary>
    private static bool TryReadHeader(
        ReadOnlySpan<byte> bytes,
        out Dictionary<string, string> header,
        out int dataOffset,
        [NotNullWhen(false)] out string? problem)
    {
        header = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        dataOffset = 0;
        if (bytes.Length < CardSize || !Encoding.ASCII.GetString(bytes[..CardSize]).StartsWith("SIMPLE  =", StringComparison.Ordinal))
        {
            problem = "Not a FITS file: it does not start with a SIMPLE card.";
            return false;
        }

        for (var offset = 0; ; offset += CardSize)
        {
            if (offset + CardSize > bytes.Length)
            {
                problem = "The FITS header is truncated: no END card was found.";
                return false;
            }

            var card = Encoding.ASCII.GetString(bytes.Slice(offset, CardSize));
            var keyword = card[..8].TrimEnd();
            if (keyword == "END")
            {
                dataOffset = RoundUpToBlock(offset + CardSize);
                break;
            }

            if (card[8..10] == "= " && keyword.Length > 0)
            {
                header.TryAdd(keyword, ParseValue(card[10..]));
            }
        }

        if (header.GetValueOrDefault("SIMPLE") != "T")
        {
            problem = "Not a standard FITS file: SIMPLE is not T.";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>A card's value: a quoted string without its quotes (with '' as '), or the text before the comment.</summary>
    private static string ParseValue(string field)
    {
        var text = field.TrimStart();
        if (!text.StartsWith('\''))
        {
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            return (slash >= 0 ? text[..slash] : text).Trim();
        }

        var value = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i++;
                    continue;
                }

                break;
            }

            value.Append(text[i]);
        }

        return value.ToString().TrimEnd();
    }

    private readonly record struct Layout(
        int Bitpix, int Width, int Height, double Scale, double Zero, long? Blank, long DataBytes);

    private static bool TryReadLayout(
        Dictionary<string, string> header, out Layout layout, [NotNullWhen(false)] out string? problem)
    {
        layout = default;
        if (!TryGetInteger(header, "BITPIX", out var bitpix))
        {
            problem = "The FITS header has no valid BITPIX.";
            return false;
        }

        if (bitpix is not (8 or 16 or 32 or 64 or -32 or -64))
        {
            problem = $"Unsupported BITPIX {bitpix}: expected 8, 16, 32, 64, -32 or -64.";
            return false;
        }

        if (!TryGetInteger(header, "NAXIS", out var naxis))
        {
            problem = "The FITS header has no valid NAXIS.";
            return false;
        }

        if (naxis is not (2 or 3))
        {
            problem = $"Not a 2-D image: NAXIS is {naxis}, expected 2.";
            return false;
        }

        if (naxis == 3 && (!TryGetInteger(header, "NAXIS3", out var planes) || planes != 1))
        {
            problem = $"Not a 2-D image: a cube with NAXIS3 = {header.GetValueOrDefault("NAXIS3", "?")} planes.";
            return false;
        }

        if (!TryGetInteger(header, "NAXIS1", out var width) || width is < 1 or > int.MaxValue
            || !TryGetInteger(header, "NAXIS2", out var height) || height is < 1 or > int.MaxValue)
        {
            problem = $"NAXIS1 and NAXIS2 must be positive integers, found " +
                      $"{header.GetValueOrDefault("NAXIS1", "none")} and {header.GetValueOrDefault("NAXIS2", "none")}.";
            return false;
        }

        var pixelCount = width * height;
        if (pixelCount > Array.MaxLength)
        {
            problem = $"The image is too large: {width}×{height} pixels.";
            return false;
        }

        if (!TryGetReal(header, "BSCALE", 1.0, out var scale, out problem)
            || !TryGetReal(header, "BZERO", 0.0, out var zero, out problem))
        {
            return false;
        }

        long? blank = null;
        if (bitpix > 0 && header.ContainsKey("BLANK"))
        {
            if (!TryGetInteger(header, "BLANK", out var blankValue))
            {
                problem = $"BLANK must be an integer, found {header["BLANK"]}.";
                return false;
            }

            blank = blankValue;
        }

        var bitpixInt = (int)bitpix;
        layout = new Layout(bitpixInt, (int)width, (int)height, scale, zero, blank,
            pixelCount * (Math.Abs(bitpixInt) / 8));
        problem = null;
        return true;
    }

    private static bool TryGetInteger(Dictionary<string, string> header, string keyword, out long value)
    {
        value = 0;
        return header.TryGetValue(keyword, out var text)
               && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A real value, also in Fortran notation (1.0D0); <paramref name="fallback"/> when absent.</summary>
    private static bool TryGetReal(
        Dictionary<string, string> header,
        string keyword,
        double fallback,
        out double value,
        [NotNullWhen(false)] out string? problem)
    {
        value = fallback;
        problem = null;
        if (!header.TryGetValue(keyword, out var text))
        {
            return true;
        }

        var normalised = text.Replace('D', 'E').Replace('d', 'e');
        if (double.TryParse(normalised, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value))
        {
            return true;
        }

        problem = $"{keyword} must be a finite number, found {text}.";
        return false;
    }

    private static float[] DecodePixels(ReadOnlySpan<byte> data, Layout layout)
    {
        var pixels = new float[layout.Width * layout.Height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = layout.Bitpix switch
            {
                8 => Scale(data[i], layout),
                16 => Scale(BinaryPrimitives.ReadInt16BigEndian(data[(i * 2)..]), layout),
                32 => Scale(BinaryPrimitives.ReadInt32BigEndian(data[(i * 4)..]), layout),
                64 => Scale(BinaryPrimitives.ReadInt64BigEndian(data[(i * 8)..]), layout),
                -32 => Finite(layout.Zero + (layout.Scale * BinaryPrimitives.ReadSingleBigEndian(data[(i * 4)..]))),
                _ => Finite(layout.Zero + (layout.Scale * BinaryPrimitives.ReadDoubleBigEndian(data[(i * 8)..]))),
            };
        }

        return pixels;
    }

    private static float Scale(long raw, Layout layout) =>
        raw == layout.Blank ? float.NaN : Finite(layout.Zero + (layout.Scale * raw));

    private static float Finite(double value)
    {
        var single = (float)value;
        return float.IsFinite(single) ? single : float.NaN;
    }
}
