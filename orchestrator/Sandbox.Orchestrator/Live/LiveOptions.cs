using System.ComponentModel.DataAnnotations;

namespace Sandbox.Orchestrator.Live;

/// <summary>Live updates (<c>Sandbox:Live</c>).</summary>
internal sealed class LiveOptions
{
    public const string Section = "Sandbox:Live";

    /// <summary>
    /// Messages a client may fall behind by before it is disconnected (it reconnects and gets the full state again).
    /// Count of messages; default 10,000.
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxBacklog { get; set; } = 10_000;

    /// <summary>The synthetic load of the hub benchmark; off unless configured.</summary>
    public LiveBenchmarkOptions Benchmark { get; set; } = new();
}
