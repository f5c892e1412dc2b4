namespace TomDashboard.Tests.Fakes;

/// <summary>The recorded packets copied into Fixtures/ (see Fixtures/README.md).</summary>
public static class Fixtures
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static byte[] ZtfPacket => Bytes("ztf/472263571115115000.avro");
}
