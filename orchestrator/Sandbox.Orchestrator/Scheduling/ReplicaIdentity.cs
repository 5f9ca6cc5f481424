namespace Sandbox.Orchestrator.Scheduling;

/// <summary>This orchestrator process among its replicas: host name and a random suffix, fixed for the process's life.</summary>
internal sealed class ReplicaIdentity
{
    /// <summary>The identity, e.g. <c>host-1f3a9c</c>.</summary>
    public string Id { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(Environment.MachineName.Length + 13, 100)];
}
