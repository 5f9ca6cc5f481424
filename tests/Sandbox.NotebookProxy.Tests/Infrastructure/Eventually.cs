namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>Polls a condition that becomes true asynchronously (for example a connection being unregistered).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition still false after {within}.");
            }

            await Task.Delay(20); // poll interval until the condition holds or the deadline
        }
    }
}
