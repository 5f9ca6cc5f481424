using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;
using Xunit.Abstractions;

namespace Sandbox.IntegrationTests.Culling;

/// <summary>
/// Idle culling on the real engine and the real notebook image, with the timeouts of <see cref="CullingFixture"/>: the
/// scenario shared with Kubernetes (<see cref="IdleCullingScenarios"/>) and the Docker-only ones.
/// </summary>
public sealed class IdleCullingTests(CullingFixture fixture, ITestOutputHelper output) : IdleCullingScenarios(output), IClassFixture<CullingFixture>
{
    protected override SessionRuntimeKind Runtime => DockerRuntimeKind.Instance;

    protected override Task<(OrchestratorProcess Orchestrator, SandboxApi Admin)> CullingOrchestratorAsync() =>
        Task.FromResult((fixture.Orchestrator, fixture.Admin));

    [Fact]
    public async Task A_notebook_running_a_long_quiet_cell_is_not_culled_and_is_culled_once_the_cell_is_done()
    {
        var orchestrator = fixture.Orchestrator;
        var (analyst, _) = await fixture.Admin.CreateMemberAsync("busy-analyst");
        using var _ = analyst;
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");

        // 1. A kernel that has answered once. Until it does, the analyst's page is in use: in CI a kernel once took longer
        //    to start than the 20 s idle timeout, and the session was culled before the cell below ever reached it.
        await using var kernel = await KernelStates.InUseUntilAsync(analyst, id, JupyterKernel.StartAsync(analyst, orchestrator.BaseAddress, id));
        Assert.Equal(("2\n", (string?)null), await KernelStates.InUseUntilAsync(analyst, id, kernel.ExecuteAsync("print(1 + 1)", TimeSpan.FromSeconds(180))));

        // 2. A cell that sleeps, printing nothing, until the test interrupts it: the kernel is busy and quiet, past the
        //    idle timeout. Being quiet that long is the behaviour under test, so that much real time passes; then the
        //    signal is the culler itself: its readings of this session that find the kernel busy.
        var cell = kernel.ExecuteAsync("import time; time.sleep(600)", TimeSpan.FromSeconds(660));
        Assert.True(await KernelStates.BecomesAsync(analyst, id, kernel.KernelId, "busy", TimeSpan.FromSeconds(30)), $"the kernel never reported busy\n{orchestrator.Tail()}");
        await Task.Delay(CullingFixture.IdleTimeout); // the quiet time under test, longer than the idle timeout from here
        await KernelStates.NotCulledWhileBusyAsync(orchestrator, analyst, id);

        await KernelStates.InterruptAsync(analyst, id, kernel.KernelId);
        var (printed, error) = await cell;
        var finishedAt = DateTimeOffset.UtcNow;
        Assert.Empty(printed);
        Assert.StartsWith("KeyboardInterrupt", error, StringComparison.Ordinal); // it was still running when interrupted

        // 3. Done, and its socket left open like a forgotten browser tab: idle from now on, culled after the timeout.
        var stopped = await analyst.WaitForStateAsync(id, CullingFixture.IdleTimeout + CullingFixture.CheckInterval + Slack + TimeSpan.FromSeconds(10), "stopped", "failed");
        Assert.Equal("idle", stopped.GetProperty("reason").GetString());
        Output.WriteLine($"culled {(stopped.GetProperty("endedAt").GetDateTimeOffset() - finishedAt).TotalSeconds:0.0} s after the quiet cell finished");
        Assert.True(stopped.GetProperty("endedAt").GetDateTimeOffset() >= finishedAt + CullingFixture.IdleTimeout - TimeSpan.FromSeconds(1),
            $"culled at {stopped.GetProperty("endedAt")}, cell finished at {finishedAt:O}");
    }
}
