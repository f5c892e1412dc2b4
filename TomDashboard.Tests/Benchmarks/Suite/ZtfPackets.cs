using Avro.File;
using Avro.Generic;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// Distinct ZTF alert packets made from the recorded one: each gets its own objectId, candid and position (far
/// enough apart not to be duplicates), with the real packet's 74 KB of stamps and history.
/// </summary>
public static class ZtfPackets
{
    public static byte[] Recorded()
    {
        using var stream = typeof(ZtfPackets).Assembly.GetManifestResourceStream("ztf.avro")!;
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>Made as they are read, so a run holds them in the mock cluster only, not twice in managed memory.</summary>
    public static IEnumerable<byte[]> Distinct(int count, int seed = 7)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(new MemoryStream(Recorded()));
        var schema = reader.GetSchema();
        var packet = reader.Next();
        var candidate = (GenericRecord)packet["candidate"];
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var candid = 3_000_000_000_000_000_000L + i;
            packet.Add("objectId", $"ZTF26bench{i:D7}");
            packet.Add("candid", candid);
            candidate.Add("candid", candid);
            candidate.Add("ra", random.NextDouble() * 360);
            candidate.Add("dec", (Math.Asin((2 * random.NextDouble()) - 1) * 180 / Math.PI));
            using var output = new MemoryStream();
            using (var writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), output))
            {
                writer.Append(packet);
            }

            yield return output.ToArray();
        }
    }
}
