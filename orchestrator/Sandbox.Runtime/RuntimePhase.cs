namespace Sandbox.Runtime;

/// <summary>What the runtime sees of a session's sandbox.</summary>
public enum RuntimePhase
{
    /// <summary>Nothing exists for the session.</summary>
    Absent,

    /// <summary>Created but its process has not started yet.</summary>
    Created,

    /// <summary>The sandbox's process runs; the notebook server may not answer yet.</summary>
    Running,

    /// <summary>The process ended (crashed, killed, out of memory); the sandbox still exists.</summary>
    Exited,
}
