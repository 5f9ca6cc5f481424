namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Not a change but a gap: the feed between replicas was cut and is back, so this replica's clients may have missed
/// changes; the fan-out disconnects those opened before <paramref name="At"/>, and they reconnect and read the full state
/// (one opened since has read the state after the feed was back).
/// </summary>
/// <param name="At">When the feed came back (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), taken before it is said.</param>
internal sealed record LiveFeedResumed(long At) : LiveChange;
