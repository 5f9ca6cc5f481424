namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// Tells every replica (this one included) to carry out a <see cref="ReplicaCommand"/>. This replica carries it out
/// before the call returns; the others as soon as Redis delivers it (within a second), or, when the message is lost
/// or Redis is down, at their next re-check of the store (<see cref="RedisOptions.RecheckInterval"/>).
/// </summary>
internal interface IReplicaCommands
{
    /// <summary>Carries out <paramref name="command"/> here and publishes it to the other replicas.</summary>
    Task SendAsync(ReplicaCommand command, CancellationToken cancellationToken);
}
