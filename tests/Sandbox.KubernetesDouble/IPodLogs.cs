namespace Sandbox.KubernetesDouble;

/// <summary>
/// Where the API double gets a container's log for <c>GET pods/{name}/log</c>: the double's node registers one
/// (<see cref="KubernetesApiDouble.PodLogs"/>) and streams what its container writes. With none registered, or when
/// <see cref="OpenAsync"/> answers null, the API answers 400 "container ... is waiting to start", as a real server does
/// for a container that has not started.
/// </summary>
public interface IPodLogs
{
    /// <summary>
    /// The log of the container asked for, or null when it has not started. With <see cref="PodLogRequest.Follow"/> the
    /// stream stays open and yields output as it comes until the container ends or <paramref name="cancellationToken"/>
    /// (the client going away) fires. The API double disposes the stream.
    /// </summary>
    Task<Stream?> OpenAsync(PodLogRequest request, CancellationToken cancellationToken);
}

/// <summary>A log request: the pod, its container (defaulted to the only one), and the query's <c>follow</c>, <c>tailLines</c>, <c>timestamps</c>.</summary>
public sealed record PodLogRequest(string Namespace, string Pod, string Container, bool Follow, long? TailLines, bool Timestamps);
