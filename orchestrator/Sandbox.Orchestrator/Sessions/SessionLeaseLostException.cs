namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// This replica no longer holds the session's lease at the epoch a pass started under (it was paused or cut off for
/// longer than the lease, and another replica took the session over): the pass is abandoned with nothing written.
/// </summary>
internal sealed class SessionLeaseLostException(SessionLease lease)
    : Exception($"The lease of session {lease.SessionId} at epoch {lease.Epoch} is no longer held by this replica.")
{
    /// <summary>The hold that was lost.</summary>
    public SessionLease Lease { get; } = lease;
}
