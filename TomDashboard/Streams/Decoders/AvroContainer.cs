using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace TomDashboard.Streams.Decoders;

/// <summary>
/// Reads Avro object container files (one per ZTF message). Parsing the embedded schema is the slow part, so
/// schemas are parsed once and cached by their text; readers are cached with them.
/// </summary>
internal static class AvroContainer
{
    private static readonly byte[] Magic = [(byte)'O', (byte)'b', (byte)'j', 1];
    private static readonly ConcurrentDictionary<string, GenericDatumReader<GenericRecord>> Readers = new(StringComparer.Ordinal);

    public static List<GenericRecord> Read(byte[] container)
    {
        if (container.Length < Magic.Length + 16 || !container.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new PacketDecodeException("The message is not an Avro container file (no Obj\\x01 magic).");
        }

        try
        {
            using var stream = new MemoryStream(container, Magic.Length, container.Length - Magic.Length, writable: false);
            var decoder = new BinaryDecoder(stream);
            var metadata = ReadMetadata(decoder);
            if (!metadata.TryGetValue("avro.schema", out var schemaBytes))
            {
                throw new PacketDecodeException("The Avro container has no avro.schema.");
            }

            var codec = metadata.TryGetValue("avro.codec", out var codecBytes) ? Encoding.UTF8.GetString(codecBytes) : "null";
            var sync = new byte[16];
            decoder.ReadFixed(sync);
            var reader = Readers.GetOrAdd(Encoding.UTF8.GetString(schemaBytes), ReaderFor);

            var records = new List<GenericRecord>();
            var blockSync = new byte[16];
            while (stream.Position < stream.Length)
            {
                var count = decoder.ReadLong();
                var size = decoder.ReadLong();
                var start = Magic.Length + (int)stream.Position;
                if (size < 0 || size > stream.Length - stream.Position - sync.Length)
                {
                    throw new PacketDecodeException("The Avro container is corrupt (a block runs past its end).");
                }

                // The block is read where it lies in the message, not copied out first (most packets are uncompressed).
                stream.Position += size;
                decoder.ReadFixed(blockSync);
                if (!blockSync.AsSpan().SequenceEqual(sync))
                {
                    throw new PacketDecodeException("The Avro container is corrupt (sync marker mismatch).");
                }

                var blockDecoder = new BinaryDecoder(BlockStream(container, start, (int)size, codec));
                for (var i = 0; i < count; i++)
                {
                    records.Add(reader.Read(null!, blockDecoder));
                }
            }

            return records;
        }
        catch (Exception exception) when (exception is AvroException or EndOfStreamException or IOException or InvalidDataException or ArgumentException or InvalidCastException or OverflowException)
        {
            throw new PacketDecodeException($"The Avro container could not be read: {exception.Message}", exception);
        }
    }

    private static GenericDatumReader<GenericRecord> ReaderFor(string json)
    {
        try
        {
            var schema = Schema.Parse(json);
            return new GenericDatumReader<GenericRecord>(schema, schema);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Apache.Avro answers some broken schemas with a NullReferenceException (in Parse or in the reader) or a
            // raw JSON error; neither tells the reader what is wrong with the packet.
            var detail = exception is AvroException or Newtonsoft.Json.JsonException ? exception.Message : "it is not a valid Avro schema.";
            throw new PacketDecodeException($"The message is an Avro container, but its Avro schema cannot be parsed: {detail}", exception);
        }
    }

    private static Dictionary<string, byte[]> ReadMetadata(BinaryDecoder decoder)
    {
        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var count = decoder.ReadLong(); count != 0; count = decoder.ReadLong())
        {
            if (count < 0)
            {
                count = -count;
                decoder.ReadLong(); // the block's size in bytes, not needed
            }

            for (var i = 0; i < count; i++)
            {
                metadata[decoder.ReadString()] = decoder.ReadBytes();
            }
        }

        return metadata;
    }

    private static MemoryStream BlockStream(byte[] container, int start, int size, string codec) => codec switch
    {
        "null" => new MemoryStream(container, start, size, writable: false),
        "deflate" => new MemoryStream(Inflate(container, start, size)),
        _ => throw new PacketDecodeException($"The Avro codec {codec} is not supported."),
    };

    private static byte[] Inflate(byte[] container, int start, int size)
    {
        using var input = new DeflateStream(new MemoryStream(container, start, size, writable: false), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
