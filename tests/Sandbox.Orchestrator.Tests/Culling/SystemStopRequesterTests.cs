using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Culling;

/// <summary>The system's stop request, which culling and budget enforcement share (it lives in Sessions).</summary>
public sealed class SystemStopRequesterTests
{
    [Fact]
    public async Task A_request_is_desired_state_that_nudges_the_reconciler_at_once()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();

        Assert.Equal(SystemStopOutcome.Requested, await harness.SystemStopsAsync(id, SessionStopReasons.MaxAge));

        // Observed state is untouched until the reconciler's pass; the queue hands it the session now.
        var requested = await harness.GetAsync(id);
        Assert.Equal((SessionState.Running, true, SessionStopReasons.MaxAge, (string?)null), (requested.State, requested.StopRequested, requested.StopReason, requested.Reason));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(id, await harness.Queue.DequeueAsync(timeout.Token));
    }

    [Fact]
    public async Task The_first_request_stands_and_ended_or_unknown_sessions_are_told_apart()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();

        Assert.Equal(SystemStopOutcome.Requested, await harness.SystemStopsAsync(id, SessionStopReasons.Idle));
        Assert.Equal(SystemStopOutcome.AlreadyRequested, await harness.SystemStopsAsync(id, SessionStopReasons.BudgetExhausted));
        Assert.Equal(SessionStopReasons.Idle, (await harness.GetAsync(id)).StopReason);

        await harness.ReconcileAsync(id);
        Assert.Equal(SystemStopOutcome.Ended, await harness.SystemStopsAsync(id, SessionStopReasons.Idle));
        Assert.Equal(SystemStopOutcome.NotFound, await harness.SystemStopsAsync("no-such-session", SessionStopReasons.Idle));
        Assert.Equal("Stopped: idle for too long", (await harness.GetAsync(id)).Message);
    }
}
