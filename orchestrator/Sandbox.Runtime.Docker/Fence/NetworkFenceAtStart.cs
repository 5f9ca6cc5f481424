using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sandbox.Runtime.Docker.Fence;

/// <summary>
/// Puts the fence back in place when the orchestrator starts: sandboxes it adopts keep running on networks whose rules
/// may have gone (a host reboot, a flushed table). A failure is logged and does not stop the orchestrator; sessions
/// then fail to start with <c>network_fence_failed</c> and the same reason, so people see why.
/// </summary>
internal sealed partial class NetworkFenceAtStart(DockerSessionRuntime runtime, ILogger<NetworkFenceAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await runtime.EnsureFenceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RuntimeException or HttpRequestException or IOException)
        {
            Log.NotApplied(logger, e.Message, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(21, LogLevel.Error, "The sessions' networks could not be fenced in at start; no session will start until they are: {Reason}")]
        public static partial void NotApplied(ILogger logger, string reason, Exception failure);
    }
}
