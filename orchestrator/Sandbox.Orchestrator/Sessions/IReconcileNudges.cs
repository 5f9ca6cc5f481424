namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// The seam that carries "session X changed, reconcile it now" between orchestrator replicas. Whoever changes a
/// session's desired state (a launch, a stop, a system stop, a sweep that finds a sandbox lost) publishes; every replica
/// subscribes and queues the session, and the replica holding its lease reconciles it (the others find the lease held
/// and forget it). A nudge is only the fast path: a lost one costs time, never correctness, because the lease holder
/// also polls the store for stop requests and every replica scans for sessions nobody holds
/// (<see cref="ReconcilerOptions.LeaseScanInterval"/>).
/// </summary>
/// <remarks>
/// <see cref="InProcessReconcileNudges"/> serves one replica (or several, with the store poll as the only way across);
/// with Redis configured, <see cref="Replicas.RedisReconcileNudges"/> carries nudges across. An implementation across
/// replicas must deliver every nudge to every subscriber on every replica,
/// this one included, and must not throw from <see cref="PublishAsync"/> when its channel is down: the store fallback
/// covers that.
/// </remarks>
internal interface IReconcileNudges
{
    /// <summary>Says that <paramref name="sessionId"/> changed and should be reconciled now, wherever it is held.</summary>
    Task PublishAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onNudge"/> with the session id of every nudge, until the result is disposed.</summary>
    IDisposable Subscribe(Action<string> onNudge);
}
