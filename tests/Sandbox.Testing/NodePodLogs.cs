using System.IO.Pipelines;
using Sandbox.KubernetesDouble;
using Sandbox.KubernetesDouble.Node;

namespace Sandbox.Testing;

/// <summary>
/// Serves the API double's <c>pods/{name}/log</c> from the node: the double asks for a stream to read
/// (<see cref="KubernetesDouble.IPodLogs"/>), the node copies a container's log into one it is given
/// (<see cref="KubernetesDouble.Node.IPodLogs"/>); a pipe joins the two. A pod or container the node does not run gives an
/// empty log rather than the API's 400.
/// </summary>
internal sealed class NodePodLogs(KubernetesDouble.Node.IPodLogs node) : KubernetesDouble.IPodLogs
{
    public Task<Stream?> OpenAsync(PodLogRequest request, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        _ = Task.Run(async () =>
        {
            var writer = pipe.Writer.AsStream(leaveOpen: true);
            try
            {
                await node.CopyLogsAsync(request.Namespace, request.Pod, request.Container, request.Follow, writer, cancellationToken);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e is OperationCanceledException ? null : e);
            }
        }, CancellationToken.None);
        return Task.FromResult<Stream?>(pipe.Reader.AsStream());
    }
}
