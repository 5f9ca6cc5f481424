using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>
/// Removes sandboxes that belong to no live session, and hands running sessions whose sandbox vanished to the
/// reconciler, the only writer of session state, which fails them with <c>sandbox_vanished</c> and closes their usage
/// when they were last seen alive.
/// </summary>
internal sealed partial class SandboxSweepWork(
    SandboxDbContext db, ISessionRuntime runtime, IReconcileNudges nudges, ILogger<SandboxSweepWork> logger) : IScheduledWork
{
    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // 1. The runtime first, the store second: a sandbox is created only after its session is stored, so a sandbox
        //    that starts while this pass runs is never taken for an orphan.
        var instances = await runtime.ListAsync(cancellationToken);
        var live = await LiveSessions.ListAsync(db, cancellationToken);
        var plan = SandboxSweepPlan.Decide(instances, live);

        // 2. Orphans go; removing one that is already gone is success.
        foreach (var orphan in plan.Orphans)
        {
            Log.OrphanRemoved(logger, orphan.SessionId, orphan.MemberId);
            await runtime.StopAsync(orphan.SessionId, orphan.State, cancellationToken);
        }

        // 3. Lost sandboxes: the reconciler of the replica holding each looks now instead of at its next resync.
        foreach (var id in plan.ToReconcile)
        {
            Log.SandboxLost(logger, id);
            await nudges.PublishAsync(id, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sweep removes the sandbox of session {SessionId} (member {MemberId}): it belongs to no live session")]
        public static partial void OrphanRemoved(ILogger logger, string sessionId, string memberId);

        [LoggerMessage(2, LogLevel.Information, "Sweep found no running sandbox for running session {SessionId}; the reconciler looks now")]
        public static partial void SandboxLost(ILogger logger, string sessionId);
    }
}
