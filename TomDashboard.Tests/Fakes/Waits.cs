namespace TomDashboard.Tests.Fakes;

/// <summary>How long a test waits for something that should happen; generous, because CI machines are busy.</summary>
public static class Waits
{
    public static readonly TimeSpan Patiently = TimeSpan.FromSeconds(30);
}
