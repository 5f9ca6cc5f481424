namespace Sandbox.Orchestrator.Sessions;

/// <summary>Where a session is in its life. Written by the reconciler only, through <see cref="Session"/>'s transitions.</summary>
internal enum SessionState
{
    /// <summary>Accepted, waiting for the reconciler.</summary>
    Pending,

    /// <summary>Its sandbox is being created and its notebook started.</summary>
    Provisioning,

    /// <summary>The notebook answers; the session is billed.</summary>
    Running,

    /// <summary>A stop was requested and its sandbox is being removed.</summary>
    Stopping,

    /// <summary>Ended on request (terminal).</summary>
    Stopped,

    /// <summary>Ended by a failure, with a reason (terminal).</summary>
    Failed,
}
