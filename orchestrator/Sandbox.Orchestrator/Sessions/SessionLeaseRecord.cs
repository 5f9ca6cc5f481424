namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Which replica reconciles a live session, under which epoch, until when (table <c>session_leases</c>). The epoch grows
/// by one every time the lease changes hands, so a write made under an older epoch can be told from the new owner's.
/// </summary>
internal sealed class SessionLeaseRecord
{
    /// <summary>The session.</summary>
    public required string SessionId { get; set; }

    /// <summary>The replica holding it (<see cref="Scheduling.ReplicaIdentity"/>).</summary>
    public required string Holder { get; set; }

    /// <summary>Grows by one on every change of holder; 1 for the first.</summary>
    public long Epoch { get; set; }

    /// <summary>When the hold ends unless renewed.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
