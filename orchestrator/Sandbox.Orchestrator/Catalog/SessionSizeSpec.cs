namespace Sandbox.Orchestrator.Catalog;

/// <summary>A size sessions can be launched with, resolved from configuration.</summary>
internal sealed record SessionSizeSpec(string Id, decimal Cpu, decimal MemoryGiB, int Gpu, int Pids);
