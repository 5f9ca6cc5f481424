using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// The orchestrator killed (SIGKILL) in the middle of launches, then started again on the same data; written once and run
/// on each runtime (<see cref="CrashRecoveryTests"/> on Docker, <see cref="Kubernetes.KubernetesCrashRecoveryTests"/> on the test cluster).
/// </summary>
public abstract class CrashRecoveryScenarios
{
    /// <summary>Where the sessions run.</summary>
    protected abstract SessionRuntimeKind Runtime { get; }

    [Fact]
    public async Task After_a_crash_every_session_settles_usage_instants_survive_and_no_container_is_left_behind()
    {
        await using var orchestrator = Runtime.NewOrchestrator(new Dictionary<string, string> { ["Sandbox__Quotas__Member__MaxConcurrentSessions"] = "5" });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync("crash");
        using var _ = analyst;

        // 1. One session running before the crash, an orphan sandbox that belongs to no session, and launches in flight.
        var first = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var readyBefore = (await analyst.WaitForStateAsync(first, TimeSpan.FromSeconds(90), "running")).GetProperty("readyAt").GetDateTimeOffset();
        await Runtime.StartOrphanAsync(orchestrator, "ghostghostghost2", orchestrator.InstallationId!);
        var inFlight = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            inFlight.Add((await analyst.LaunchAsync()).GetProperty("id").GetString()!);
        }

        // The crash lands while the launches are under way: once the orchestrator has begun provisioning one of them.
        var provisioningDeadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < provisioningDeadline && !await AnyBeyondPendingAsync(analyst, inFlight))
        {
            await Task.Delay(50); // poll interval: session states are the signal, asked until one moves or the deadline
        }

        await orchestrator.KillAsync();

        // 2. Restart on the same data; the bearer token still works (keys are persisted).
        await orchestrator.StartAsync();
        var settled = new List<JsonElement>();
        foreach (var id in inFlight.Prepend(first))
        {
            settled.Add(await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "running", "failed"));
        }

        // 3. Every session runs (nothing made them fail), the first kept its billing start, each has one sandbox, the orphan is gone.
        Assert.All(settled, s => Assert.True(s.GetProperty("state").GetString() == "running", $"{s}\n{orchestrator.Tail()}"));
        Assert.Equal(readyBefore, settled[0].GetProperty("readyAt").GetDateTimeOffset());
        var sandboxes = await SettledSandboxesAsync(orchestrator, settled.Count);
        Assert.Equal(
            settled.Select(s => s.GetProperty("id").GetString()).Order(StringComparer.Ordinal),
            sandboxes.Select(c => c.SessionId).Order(StringComparer.Ordinal));
        Assert.All(sandboxes, c => Assert.True(c.Running, $"{c.Name} does not run"));

        // 4. Stopping them all leaves nothing in the runtime.
        foreach (var s in settled)
        {
            (await analyst.Http.DeleteAsync($"/api/v1/sessions/{s.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        }

        foreach (var s in settled)
        {
            await analyst.WaitForStateAsync(s.GetProperty("id").GetString()!, TimeSpan.FromSeconds(60), "stopped");
        }

        foreach (var s in settled)
        {
            await Runtime.AssertStoppedCleanAsync(orchestrator, s.GetProperty("id").GetString()!);
        }

        Assert.Empty(await Runtime.SandboxesAsync(orchestrator));
        var all = await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/sessions");
        Assert.All(all.EnumerateArray(), s => Assert.True(s.GetProperty("endedAt").GetDateTimeOffset() > s.GetProperty("readyAt").GetDateTimeOffset()));
    }

    // The orphan's removal is the recovery's (or the sweep's) work, which may finish a moment after the sessions settle.
    private static async Task<bool> AnyBeyondPendingAsync(SandboxApi analyst, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if ((await analyst.GetSessionAsync(id)).GetProperty("state").GetString() != "pending")
            {
                return true;
            }
        }

        return false;
    }

    private async Task<IReadOnlyList<SessionSandbox>> SettledSandboxesAsync(OrchestratorProcess orchestrator, int sessions)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<SessionSandbox> sandboxes;
        while ((sandboxes = await Runtime.SandboxesAsync(orchestrator)).Count > sessions && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250); // poll interval: the runtime is asked again until the orphan is gone or the deadline
        }

        return sandboxes;
    }
}
