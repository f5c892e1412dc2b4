namespace TomDashboard.Tests.Fakes;

/// <summary>Waits for a condition that background work will make true, failing with a message if it never does.</summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<Task<bool>> condition, string what) => HoldsAsync(condition, what, Waits.Patiently);

    /// <summary>The same, for work that takes longer than the usual patience (thousands of messages through Kafka).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
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
