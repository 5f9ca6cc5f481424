using Sandbox.Orchestrator.Sessions;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>
/// What a sandbox sweep does, decided from the runtime's sandboxes and the store's live sessions (pure). The reconciler's
/// start-up recovery uses <see cref="OrphansAmong"/> too, so the rule lives in one place.
/// </summary>
/// <param name="Orphans">Sandboxes whose session is not live (ended, or never stored): removed.</param>
/// <param name="ToReconcile">Running sessions whose sandbox is gone or no longer runs: handed to the reconciler, which fails them.</param>
internal sealed record SandboxSweepPlan(IReadOnlyList<RuntimeInstance> Orphans, IReadOnlyList<string> ToReconcile)
{
    /// <summary>Decides a sweep.</summary>
    public static SandboxSweepPlan Decide(IReadOnlyList<RuntimeInstance> instances, IReadOnlyList<LiveSession> live)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(live);
        var liveIds = live.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var runningSandboxes = instances.Where(i => i.Phase == RuntimePhase.Running).Select(i => i.SessionId).ToHashSet(StringComparer.Ordinal);

        // Sessions still starting have no sandbox yet, or one that is not running yet: only running sessions count as lost.
        var toReconcile = live
            .Where(s => s.State == SessionState.Running && !runningSandboxes.Contains(s.Id))
            .Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        return new SandboxSweepPlan(OrphansAmong(instances, liveIds), toReconcile);
    }

    /// <summary>The sandboxes whose session is not among <paramref name="liveSessionIds"/>.</summary>
    public static IReadOnlyList<RuntimeInstance> OrphansAmong(IReadOnlyList<RuntimeInstance> instances, IReadOnlySet<string> liveSessionIds)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(liveSessionIds);
        return instances.Where(i => !liveSessionIds.Contains(i.SessionId)).OrderBy(i => i.SessionId, StringComparer.Ordinal).ToList();
    }
}
