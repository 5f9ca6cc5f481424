namespace Sandbox.Orchestrator.Catalog;

/// <summary>A session size (section <c>Sandbox:Sizes:{id}</c>).</summary>
internal sealed class SizeOptions
{
    /// <summary>Virtual CPUs (may be fractional).</summary>
    public decimal Cpu { get; set; }

    /// <summary>Memory in GiB.</summary>
    public decimal MemoryGiB { get; set; }

    /// <summary>Whole GPUs. Default 0.</summary>
    public int Gpu { get; set; }

    /// <summary>Maximum processes and threads in the sandbox. Default 1024.</summary>
    public int Pids { get; set; } = 1024;
}
