namespace Sandbox.Orchestrator.Scheduling;

/// <summary>Who holds a piece of scheduled work until when (table <c>scheduled_work_leases</c>).</summary>
internal sealed class ScheduledWorkLeaseRecord
{
    /// <summary>The work's name.</summary>
    public required string Name { get; set; }

    /// <summary>The replica holding it (<see cref="ReplicaIdentity"/>).</summary>
    public required string Holder { get; set; }

    /// <summary>When the hold ends.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
