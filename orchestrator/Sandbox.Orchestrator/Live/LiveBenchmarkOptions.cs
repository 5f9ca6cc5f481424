using System.ComponentModel.DataAnnotations;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// The hub benchmark's load (<c>Sandbox:Live:Benchmark</c>, see tests/Benchmarks.Hub): synthetic session changes
/// published into the real feed, so they take the real fan-out path (audience query, security-stamp check, per-connection
/// outbox, SignalR) to connected clients. Only configuration turns it on, never the API; it never writes the store.
/// </summary>
internal sealed class LiveBenchmarkOptions
{
    /// <summary>Synthetic session changes per second, spread round-robin over the connected members. 0 (the default) is off.</summary>
    [Range(0, 100_000)]
    public int ChangesPerSecond { get; set; }
}
