namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// The last time a session's owner was warned of one kind of coming stop (table <c>session_warnings</c>), so a warning
/// is sent once per idle spell or session, whichever replica runs the check and across restarts.
/// </summary>
internal sealed class SessionWarningRecord
{
    /// <summary>The session warned about.</summary>
    public required string SessionId { get; set; }

    /// <summary>The notice kind (<c>idle_warning</c>, <c>max_age_warning</c>).</summary>
    public required string Kind { get; set; }

    /// <summary>When the warning was last sent.</summary>
    public DateTimeOffset WarnedAt { get; set; }
}
