namespace Sandbox.Orchestrator.Sessions;

/// <summary>What came of the system asking a session to stop.</summary>
internal enum SystemStopOutcome
{
    /// <summary>The stop is recorded as desired state and the reconciler was nudged.</summary>
    Requested,

    /// <summary>A stop was already asked for (by its owner or the system): the first request stands.</summary>
    AlreadyRequested,

    /// <summary>The session has already ended.</summary>
    Ended,

    /// <summary>There is no such session.</summary>
    NotFound,
}
