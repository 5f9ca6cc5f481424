namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// The culling rules in force for one tier: the idle timeout (null: never culled for idleness), how long before a stop
/// the owner is warned, and the maximum age (null: none).
/// </summary>
internal sealed record CullingPolicy(TimeSpan? IdleTimeout, TimeSpan WarnBefore, TimeSpan? MaxAge);
