namespace Sandbox.Orchestrator.Live;

/// <summary>Writes one message to one connected client (the hub in production, a recorder in tests).</summary>
internal interface ILiveSender
{
    Task SendAsync(string connectionId, LiveMessage message, CancellationToken cancellationToken);
}
