namespace Sandbox.Orchestrator.Scheduling;

/// <summary>What happened when a pass of scheduled work was asked for.</summary>
internal enum ScheduledRunOutcome
{
    /// <summary>The pass ran to the end.</summary>
    Ran,

    /// <summary>Another replica holds this period's pass.</summary>
    HeldByAnotherReplica,

    /// <summary>The pass threw; logged, retried next period.</summary>
    Failed,

    /// <summary>The orchestrator is shutting down.</summary>
    Cancelled,

    /// <summary>No work of that name is registered.</summary>
    Unknown,
}
