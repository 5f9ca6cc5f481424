namespace Sandbox.KubernetesDouble.Node;

/// <summary>
/// Reads a pod's container log, for the API server's <c>pods/{name}/log</c>: whoever runs the pods (the node) answers.
/// </summary>
public interface IPodLogs
{
    /// <summary>
    /// Copies the log (stdout and stderr, in order) of <paramref name="container"/> (null: the pod's only or first
    /// container) of pod <paramref name="ns"/>/<paramref name="pod"/> into <paramref name="destination"/>, flushing as it
    /// goes; with <paramref name="follow"/>, until the container stops or <paramref name="cancellationToken"/> ends it.
    /// Returns false, having written nothing, when the pod has no such container (not started yet, or gone).
    /// </summary>
    Task<bool> CopyLogsAsync(string ns, string pod, string? container, bool follow, Stream destination, CancellationToken cancellationToken);
}
