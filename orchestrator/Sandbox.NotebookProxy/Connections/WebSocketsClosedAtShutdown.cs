using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sandbox.NotebookProxy.Connections;

/// <summary>
/// Closes the proxy's WebSocket relays as soon as the process is asked to stop (SIGTERM, as in a rolling restart). The
/// server waits for requests in flight before it exits, and a kernel's WebSocket never ends on its own: without this, a
/// replica holding one waits the host's whole shutdown timeout (30 s), and an orchestrator given no more than that
/// (Kubernetes' default grace period) is killed before it hands its session leases over. The notebook's client
/// reconnects, through the load balancer, to another replica; the kernel and its state are in the notebook, untouched.
/// </summary>
internal sealed partial class WebSocketsClosedAtShutdown(
    ConnectionRegistry connections, IHostApplicationLifetime lifetime, ILogger<WebSocketsClosedAtShutdown> logger) : IHostedService
{
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(() => Closed(logger, connections.CloseWebSockets()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.DisposeAsync().AsTask();

    [LoggerMessage(1, LogLevel.Information, "Closed {Count} notebook WebSockets for shutdown; their clients reconnect through the load balancer")]
    private static partial void Closed(ILogger logger, int count);
}
