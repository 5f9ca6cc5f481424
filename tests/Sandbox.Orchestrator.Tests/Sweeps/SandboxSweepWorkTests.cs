using Sandbox.Orchestrator.Sweeps;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>The sandbox sweep against a real store and an in-memory runtime.</summary>
public sealed class SandboxSweepWorkTests
{
    [Fact]
    public async Task Sandboxes_of_ended_and_unknown_sessions_are_removed_and_a_live_one_is_kept()
    {
        await using var harness = new SweepHarness();
        await harness.AddSessionAsync("s-running", running: true);
        await harness.AddSessionAsync("s-stopped", running: false);
        harness.Runtime.Plant("s-running", "m-1");
        harness.Runtime.Plant("s-stopped", "m-1");
        harness.Runtime.Plant("s-ghost", "m-ghost");

        await harness.RunAsync<SandboxSweepWork>();

        Assert.Equal(["s-running"], harness.Runtime.SessionIds);
        Assert.Equal(2, harness.Runtime.Stops);
    }

    [Fact]
    public async Task A_running_session_whose_sandbox_vanished_is_handed_to_the_reconciler_once_per_pass()
    {
        await using var harness = new SweepHarness();
        await harness.AddSessionAsync("s-lost", running: true);

        await harness.RunAsync<SandboxSweepWork>();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal("s-lost", await harness.Queue.DequeueAsync(timeout.Token));
        Assert.Equal(0, harness.Runtime.Stops);
    }

    [Fact]
    public async Task A_second_pass_changes_nothing()
    {
        await using var harness = new SweepHarness();
        await harness.AddSessionAsync("s-running", running: true);
        harness.Runtime.Plant("s-running", "m-1");
        harness.Runtime.Plant("s-ghost", "m-ghost", RuntimePhase.Exited);

        await harness.RunAsync<SandboxSweepWork>();
        await harness.RunAsync<SandboxSweepWork>();

        Assert.Equal(["s-running"], harness.Runtime.SessionIds);
        Assert.Equal(1, harness.Runtime.Stops);
    }
}
