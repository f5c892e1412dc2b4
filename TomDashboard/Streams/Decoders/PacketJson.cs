using TomDashboard.Alerts;

namespace TomDashboard.Streams.Decoders;

/// <summary>JSON messages as the decoders read them: lenient parsing, failing with a sentence that names the message.</summary>
internal static class PacketJson
{
    /// <summary>Parses a JSON message; <paramref name="what"/> names it in the error ("The Lasair message").</summary>
    /// <exception cref="PacketDecodeException">The bytes are empty or not JSON.</exception>
    public static ParsedJson Parse(ReadOnlyMemory<byte> utf8, string what)
    {
        if (LenientJson.TryParse(utf8, out var parsed, out var error))
        {
            return parsed;
        }

        throw error is null
            ? new PacketDecodeException($"{what} is empty.")
            : new PacketDecodeException($"{what} is not valid JSON: {error.Message}", error);
    }
}
