namespace Sandbox.Orchestrator.Sessions;

/// <summary>The moves a session may make. Everything not listed is illegal.</summary>
internal static class SessionTransitions
{
    public static bool IsAllowed(SessionState from, SessionState to) => (from, to) switch
    {
        (SessionState.Pending, SessionState.Provisioning) => true,
        (SessionState.Provisioning, SessionState.Running) => true,
        (SessionState.Pending or SessionState.Provisioning or SessionState.Running, SessionState.Stopping) => true,
        (SessionState.Stopping, SessionState.Stopped) => true,
        (SessionState.Pending or SessionState.Provisioning or SessionState.Running or SessionState.Stopping, SessionState.Failed) => true,
        _ => false,
    };
}
