namespace Sandbox.Orchestrator.Sessions;

/// <summary>The resources a session was given, copied from its size when created so billing never depends on later size edits.</summary>
/// <param name="Id">The size's id, for example <c>small</c>.</param>
/// <param name="Cpu">Virtual CPUs.</param>
/// <param name="MemoryGiB">Memory in GiB.</param>
/// <param name="Gpu">GPUs.</param>
internal sealed record SessionSize(string Id, decimal Cpu, decimal MemoryGiB, int Gpu);
