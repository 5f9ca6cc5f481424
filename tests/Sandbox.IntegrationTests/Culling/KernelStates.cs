using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Culling;

/// <summary>What a notebook server reports about its kernels, read as the idle culler reads it, and use to keep it from idling.</summary>
internal static class KernelStates
{
    /// <summary>The kernel as the culler sees it (without the request counting as activity).</summary>
    public static Task<JsonElement> KernelAsync(SandboxApi analyst, string sessionId, string kernelId) =>
        analyst.Http.GetFromJsonAsync<JsonElement>($"/s/{sessionId}/api/kernels/{kernelId}?no_track_activity=1");

    /// <summary>Interrupts the kernel's running cell (as the notebook's stop button does): how a test ends a cell when it has seen enough.</summary>
    public static async Task InterruptAsync(SandboxApi analyst, string sessionId, string kernelId)
    {
        using var interrupted = await analyst.Http.PostAsync($"/s/{sessionId}/api/kernels/{kernelId}/interrupt", null);
        interrupted.EnsureSuccessStatusCode();
    }

    /// <summary>Whether the kernel reports <paramref name="state"/> within <paramref name="timeout"/>.</summary>
    public static async Task<bool> BecomesAsync(SandboxApi analyst, string sessionId, string kernelId, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if ((await KernelAsync(analyst, sessionId, kernelId)).GetProperty("execution_state").GetString() == state)
            {
                return true;
            }

            await Task.Delay(100); // poll interval: the server tells nobody when a kernel's state changes
        }

        return false;
    }

    /// <summary>
    /// Waits for <paramref name="work"/> while the analyst's page is in use, as a browser showing the file list is: a
    /// tracked request every 2 s. Starting a kernel takes seconds, and on a loaded machine longer than the culling
    /// tests' idle timeout, which a user waiting for their kernel would not see.
    /// </summary>
    public static async Task<T> InUseUntilAsync<T>(SandboxApi analyst, string sessionId, Task<T> work)
    {
        while (await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(2))) != work) // the signal is the work's end; 2 s is the page's pace
        {
            using var listing = await analyst.Http.GetAsync($"/s/{sessionId}/api/contents");
            listing.EnsureSuccessStatusCode();
        }

        return await work;
    }

    /// <summary>
    /// Waits for four more of the culler's readings of the session that find its kernel busy (logged at Debug, each
    /// followed by its decision in the same check), failing as soon as the session is stopped. Checks run one after
    /// another: called once the idle timeout is up, the first of the four may have begun before it and the last may still
    /// be deciding, so the two between decided, after the timeout, to leave the busy session running.
    /// </summary>
    public static async Task NotCulledWhileBusyAsync(OrchestratorProcess orchestrator, SandboxApi analyst, string sessionId)
    {
        var readings = BusyReadings(orchestrator, sessionId);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (BusyReadings(orchestrator, sessionId) < readings + 4)
        {
            Assert.False(orchestrator.Tail(int.MaxValue).Contains($"Stopping session {sessionId}", StringComparison.Ordinal), $"culled while busy\n{orchestrator.Tail()}");
            Assert.True(DateTime.UtcNow < deadline, $"the culler did not read the busy kernel four times\n{orchestrator.Tail()}");
            await Task.Delay(200); // poll interval over the log until the culler's readings are in or the deadline
        }

        var session = await analyst.GetSessionAsync(sessionId);
        Assert.True(session.GetProperty("state").GetString() == "running", $"culled while busy: {session}\n{orchestrator.Tail()}");
        Assert.DoesNotContain($"Stopping session {sessionId}", orchestrator.Tail(int.MaxValue), StringComparison.Ordinal);
    }

    /// <summary>How many of the culler's readings of the session (its Debug log) found one kernel, busy.</summary>
    private static int BusyReadings(OrchestratorProcess orchestrator, string sessionId) =>
        orchestrator.Tail(int.MaxValue).Split('\n').Count(line =>
            line.Contains($"Session {sessionId}: notebook last active", StringComparison.Ordinal) && line.Contains(", 1 kernel(s), 1 busy;", StringComparison.Ordinal));
}
