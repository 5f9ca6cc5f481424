namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Not a change but a gap: the feed between replicas was cut and is back, so this replica's clients may have missed
/// changes; the fan-out disconnects them, and they reconnect and read the full state.
/// </summary>
internal sealed record LiveFeedResumed : LiveChange;
