using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Sweeps;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>Which sandboxes a sweep removes and which sessions it hands to the reconciler.</summary>
public sealed class SandboxSweepPlanTests
{
    [Fact]
    public void Sandboxes_of_no_live_session_are_orphans_and_live_ones_stay()
    {
        var instances = new[] { Sandbox("s-live"), Sandbox("s-ended"), Sandbox("s-never-stored") };

        var plan = SandboxSweepPlan.Decide(instances, [Live("s-live", SessionState.Running)]);

        Assert.Equal(["s-ended", "s-never-stored"], plan.Orphans.Select(o => o.SessionId));
        Assert.Empty(plan.ToReconcile);
    }

    [Fact]
    public void A_running_session_without_a_running_sandbox_goes_to_the_reconciler_and_starting_ones_do_not()
    {
        var instances = new[] { Sandbox("s-exited", RuntimePhase.Exited), Sandbox("s-created", RuntimePhase.Created) };
        var live = new[]
        {
            Live("s-vanished", SessionState.Running), Live("s-exited", SessionState.Running),
            Live("s-pending", SessionState.Pending), Live("s-created", SessionState.Provisioning), Live("s-stopping", SessionState.Stopping),
        };

        var plan = SandboxSweepPlan.Decide(instances, live);

        Assert.Equal(["s-exited", "s-vanished"], plan.ToReconcile);
        Assert.Empty(plan.Orphans);
    }

    [Fact]
    public void Nothing_to_do_when_store_and_runtime_agree()
    {
        var plan = SandboxSweepPlan.Decide([Sandbox("s-1")], [Live("s-1", SessionState.Running)]);

        Assert.Empty(plan.Orphans);
        Assert.Empty(plan.ToReconcile);
    }

    private static RuntimeInstance Sandbox(string sessionId, RuntimePhase phase = RuntimePhase.Running) =>
        new(sessionId, "m-1", phase, RuntimeState.Empty);

    private static LiveSession Live(string id, SessionState state) => new(id, state, []);
}
