namespace Sandbox.Orchestrator.Sessions;

/// <summary>A move the session state machine does not allow: a bug in the caller, never a client's mistake.</summary>
internal sealed class SessionTransitionException(string sessionId, SessionState from, SessionState to)
    : InvalidOperationException($"Session {sessionId} cannot move from {from.ToName()} to {to.ToName()}.")
{
    /// <summary>The state the session was in.</summary>
    public SessionState From { get; } = from;

    /// <summary>The state that was refused.</summary>
    public SessionState To { get; } = to;
}
