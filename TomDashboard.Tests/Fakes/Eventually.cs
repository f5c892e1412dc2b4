namespace TomDashboard.Tests.Fakes;

/// <summary>Waits for a condition that background work will make true, failing with a message if it never does.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Waits.Patiently;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
