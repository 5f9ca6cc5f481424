namespace Sandbox.Runtime;

/// <summary>What the runtime sees of a session's sandbox.</summary>
public enum RuntimePhase
{
    /// <summary>Nothing exists for the session.</summary>
    Absent,

    /// <summary>
    /// The runtime accepted the sandbox but cannot run it yet: waiting for capacity, or pulling the image
    /// (<see cref="RuntimeObservation.Condition"/> says which, for people). Docker never reports it: its start is synchronous.
    /// </summary>
    Pending,

    /// <summary>Created but its process has not started yet.</summary>
    Created,

    /// <summary>The sandbox's process runs; the notebook server may not answer yet.</summary>
    Running,

    /// <summary>The process ended (crashed, killed, out of memory); the sandbox still exists.</summary>
    Exited,
}
