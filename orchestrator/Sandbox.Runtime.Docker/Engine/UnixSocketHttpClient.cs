using System.Net.Sockets;

namespace Sandbox.Runtime.Docker.Engine;

/// <summary>An <see cref="HttpClient"/> whose every connection is a fresh stream on a unix domain socket.</summary>
internal static class UnixSocketHttpClient
{
    public static HttpClient Create(string socketPath, string apiVersion)
    {
        var handler = new SocketsHttpHandler
        {
            // The engine closes idle keep-alive connections itself; recycling ours first avoids a request
            // landing on a connection the engine is closing.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The host name is never resolved (ConnectCallback ignores it); the engine only looks at the path.
        // Timeouts are per request (see DockerEngineClient): a build or a graceful stop may take minutes.
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri($"http://docker.sock/{apiVersion}/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
