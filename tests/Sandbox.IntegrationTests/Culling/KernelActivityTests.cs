using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Culling;

/// <summary>
/// The kernel activity the idle culler reads (<c>GET api/kernels</c>) from the real notebook image, through the
/// orchestrator's proxy: a kernel running a cell stays busy whatever housekeeping requests it answers meanwhile.
/// </summary>
public sealed class KernelActivityTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task A_busy_kernel_stays_busy_when_a_second_tab_asks_it_for_its_info_on_the_control_channel()
    {
        var orchestrator = fixture.Orchestrator;
        var (analyst, _) = await fixture.Admin.CreateMemberAsync("kernel-activity");
        using var _a = analyst;
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");

        // 1. A kernel that has answered once, then runs a quiet cell until the test interrupts it (no guess of how long
        //    the steps below take on a loaded machine).
        await using var tab = await JupyterKernel.StartAsync(analyst, orchestrator.BaseAddress, id);
        Assert.Equal(("2\n", (string?)null), await tab.ExecuteAsync("print(1 + 1)", TimeSpan.FromSeconds(60)));
        var cell = tab.ExecuteAsync("import time; time.sleep(600)", TimeSpan.FromSeconds(660));
        Assert.True(await KernelStates.BecomesAsync(analyst, id, tab.KernelId, "busy", TimeSpan.FromSeconds(30)), "the kernel never reported busy");

        // 2. A second tab connects and asks on the control channel, which the kernel answers at once (busy, then idle,
        //    around the reply): Jupyter 6.4 alone then reported the kernel idle mid-cell, and the culler believed it.
        //    The signal is that idle status reaching the second tab: the server handed it on, and its own activity watch,
        //    subscribed to the same IOPub, got it as well, a whole round trip before the question below reaches it.
        await using (var secondTab = await JupyterKernel.ConnectAsync(analyst, orchestrator.BaseAddress, id, tab.KernelId))
        {
            await secondTab.KernelInfoAsync("control", TimeSpan.FromSeconds(30));
            Assert.Equal("busy", (await KernelStates.KernelAsync(analyst, id, tab.KernelId)).GetProperty("execution_state").GetString());
        }

        // 3. The cell ends (interrupted: it was still running) and the kernel is idle: the state follows real work both ways.
        await KernelStates.InterruptAsync(analyst, id, tab.KernelId);
        var (printed, error) = await cell;
        Assert.Empty(printed);
        Assert.StartsWith("KeyboardInterrupt", error, StringComparison.Ordinal);
        Assert.True(await KernelStates.BecomesAsync(analyst, id, tab.KernelId, "idle", TimeSpan.FromSeconds(30)), "the kernel never reported idle after the cell");
    }
}
