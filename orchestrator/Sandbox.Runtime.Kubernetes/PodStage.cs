namespace Sandbox.Runtime.Kubernetes;

/// <summary>How far a pod's start went, in the order it happens.</summary>
internal enum PodStage
{
    /// <summary>Not bound to a node yet (or the scheduler found none).</summary>
    Unscheduled,

    /// <summary>Bound to a node; images and volumes being prepared.</summary>
    Scheduled,

    /// <summary>The notebook's container started (it may have ended since).</summary>
    Started,
}
