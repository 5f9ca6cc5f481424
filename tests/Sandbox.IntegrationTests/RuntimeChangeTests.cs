using System.Diagnostics;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>The runtime's change stream (the engine's events) wakes the reconciler; the resync is only the safety net.</summary>
public sealed class RuntimeChangeTests
{
    [Fact]
    public async Task A_sandbox_killed_behind_the_orchestrators_back_fails_its_session_within_seconds_with_a_readable_reason()
    {
        // Neither the resync nor the sweep can notice within the test: only the engine's events can.
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Reconciler__ResyncInterval"] = "00:10:00",
            ["Sandbox__Sweep__Interval"] = "00:10:00",
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync("killed-analyst");
        using var _a = analyst;
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var started = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running", "failed");
        Assert.True(started.GetProperty("state").GetString() == "running", $"{started}\n{orchestrator.Tail()}");

        var sandbox = Assert.Single(await DockerEngine.ContainersAsync($"{orchestrator.LabelPrefix}session={id}"));
        var clock = Stopwatch.StartNew();
        await DockerEngine.KillContainerAsync(sandbox.Name);
        var failed = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(5), "failed");
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"noticed after {clock.Elapsed}\n{orchestrator.Tail()}");
        Assert.Equal("sandbox_exited", failed.GetProperty("reason").GetString());
        Assert.Equal("The notebook server stopped: it was killed (exit code 137, exit_code_137).", failed.GetProperty("message").GetString());
    }
}
