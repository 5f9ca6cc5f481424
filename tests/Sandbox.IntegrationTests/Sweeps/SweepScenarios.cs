using System.Net;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Sweeps;

/// <summary>
/// The orphan sweep of a running orchestrator with a two-second interval, written once and run on each runtime
/// (<see cref="SweepTests"/> on Docker, <see cref="Kubernetes.KubernetesSweepTests"/> on the test cluster).
/// </summary>
public abstract class SweepScenarios
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Where the sessions run.</summary>
    protected abstract SessionRuntimeKind Runtime { get; }

    [Fact]
    public async Task An_orphan_sandbox_is_swept_while_a_live_session_is_left_alone()
    {
        await using var orchestrator = Runtime.NewOrchestrator(new Dictionary<string, string>
        {
            ["Sandbox__Sweep__Interval"] = "00:00:02",
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync("sweep-analyst");
        using var _a = analyst;

        // 1. A live session, then (long after the start-up recovery) an orphan a crash left behind, and a sandbox of
        //    another installation with the same labels otherwise, which is none of this one's business.
        var live = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(live, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");
        var foreign = await Runtime.StartOrphanAsync(orchestrator, "foreignsweep001", "otherinstall01");
        await Runtime.StartOrphanAsync(orchestrator, "ghostsweep00001", orchestrator.InstallationId!);

        // 2. Within a few intervals it is gone, by the sweep (its log says so), and the live session's sandbox still runs.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && ((await Runtime.SandboxesAsync(orchestrator)).Count > 1))
        {
            await Task.Delay(250); // poll interval: the runtime is asked again until the orphan is gone or the deadline
        }

        var sandboxes = await Runtime.SandboxesAsync(orchestrator);
        Assert.True(sandboxes.Count == 1, $"Left: {string.Join(", ", sandboxes.Select(s => s.Name))}\n{orchestrator.Tail()}");
        Assert.Equal(live, sandboxes[0].SessionId);
        Assert.True(sandboxes[0].Running, $"{sandboxes[0].Name} does not run");
        Assert.True(await orchestrator.LogContainsAsync("Sweep removes the sandbox of session ghostsweep00001", TimeSpan.FromSeconds(5)), orchestrator.Tail());
        Assert.Equal("running", (await analyst.GetSessionAsync(live)).GetProperty("state").GetString());

        // 3. The other installation's sandbox was left alone (after the same sweeps).
        Assert.True(await Runtime.SandboxExistsAsync(orchestrator, foreign), $"{foreign} was removed\n{orchestrator.Tail()}");
        Assert.False(await orchestrator.LogContainsAsync("foreignsweep001", TimeSpan.Zero), orchestrator.Tail());
        await Runtime.RemoveSandboxAsync(orchestrator, foreign);

        Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{live}")).StatusCode);
        await analyst.WaitForStateAsync(live, TimeSpan.FromSeconds(60), "stopped");
        await Runtime.AssertStoppedCleanAsync(orchestrator, live);
    }
}
