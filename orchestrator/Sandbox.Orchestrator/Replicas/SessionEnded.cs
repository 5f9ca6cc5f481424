namespace Sandbox.Orchestrator.Replicas;

/// <summary>A session stopped or failed: forget where its notebook answered.</summary>
internal sealed record SessionEnded(string SessionId) : ReplicaCommand;
