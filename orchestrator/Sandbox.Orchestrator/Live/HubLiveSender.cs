using Microsoft.AspNetCore.SignalR;

namespace Sandbox.Orchestrator.Live;

/// <summary>Sends through the SessionsHub's connections.</summary>
internal sealed class HubLiveSender(IHubContext<SessionsHub> hub) : ILiveSender
{
    public Task SendAsync(string connectionId, LiveMessage message, CancellationToken cancellationToken) =>
        hub.Clients.Client(connectionId).SendAsync(message.Method, message.Argument, cancellationToken);
}
