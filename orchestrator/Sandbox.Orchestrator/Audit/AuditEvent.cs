namespace Sandbox.Orchestrator.Audit;

/// <summary>
/// One entry of the append-only audit log. Nothing updates or deletes entries, but for two things: a removed member's
/// e-mail and addresses are erased from them (<see cref="Accounts.MemberRemoval"/>), and entries older than the retention
/// setting are deleted.
/// </summary>
internal sealed class AuditEvent
{
    /// <summary>Row id, increasing.</summary>
    public long Id { get; set; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Who did it (a member id), or null when unknown (a failed sign-in for no account).</summary>
    public string? ActorId { get; set; }

    /// <summary>What happened, one of <see cref="AuditKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>What it happened to (a session, member, dataset, rate card id), if anything.</summary>
    public string? Subject { get; set; }

    /// <summary>Details as JSON.</summary>
    public string Detail { get; set; } = "{}";

    /// <summary>The client's address.</summary>
    public string? Address { get; set; }
}
