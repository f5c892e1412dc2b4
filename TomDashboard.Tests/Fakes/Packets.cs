using Avro;
using Avro.File;
using Avro.Generic;
using Avro.IO;

namespace TomDashboard.Tests.Fakes;

/// <summary>Alert packets made from the recorded ones, with the ids a test needs.</summary>
public static class Packets
{
    /// <summary>The ZTF fixture packet as another alert (candid) of another object, where given at another place.</summary>
    public static byte[] Ztf(long candid, string objectId, double? ra = null, double? dec = null)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(new MemoryStream(Fixtures.ZtfPacket));
        var schema = reader.GetSchema();
        var packet = reader.Next();
        packet.Add("candid", candid);
        packet.Add("objectId", objectId);
        var candidate = (GenericRecord)packet["candidate"];
        candidate.Add("candid", candid);
        if (ra is { } newRa && dec is { } newDec)
        {
            candidate.Add("ra", newRa);
            candidate.Add("dec", newDec);
        }

        using var output = new MemoryStream();
        using (var writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), output))
        {
            writer.Append(packet);
        }

        return output.ToArray();
    }

    /// <summary>The Rubin fixture alert's writer schema (to serve from a schema registry).</summary>
    public static string RubinSchema()
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(new MemoryStream(Fixtures.Bytes("rubin/fakeAlert.v11_0.avro")));
        return reader.GetSchema().ToString();
    }

    /// <summary>The Rubin fixture alert in the Confluent wire format: 0, the big-endian schema id, the Avro body.</summary>
    public static byte[] RubinWire(int schemaId = 1100, Action<GenericRecord>? change = null)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(new MemoryStream(Fixtures.Bytes("rubin/fakeAlert.v11_0.avro")));
        var schema = reader.GetSchema();
        var packet = reader.Next();
        change?.Invoke(packet);
        using var output = new MemoryStream();
        output.WriteByte(0);
        var id = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(id, schemaId);
        output.Write(id);
        new GenericDatumWriter<GenericRecord>(schema).Write(packet, new BinaryEncoder(output));
        return output.ToArray();
    }

    public static Schema SchemaOf(byte[] container)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(new MemoryStream(container));
        return reader.GetSchema();
    }
}
