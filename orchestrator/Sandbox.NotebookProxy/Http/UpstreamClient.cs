using System.Net;
using Microsoft.Extensions.Options;

namespace Sandbox.NotebookProxy.Http;

/// <summary>
/// The one HTTP client every forwarded request and WebSocket handshake goes through. Its handler pools connections per
/// notebook and does nothing on its own: no redirects followed, no cookies kept, no decompression, no system proxy, and no
/// tracing headers added (the caller's own pass through), so the notebook sees the caller's request and the caller sees
/// the notebook's response.
/// </summary>
internal sealed class UpstreamClient : IDisposable
{
    public UpstreamClient(IOptions<NotebookProxyOptions> options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Value.ConnectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            ActivityHeadersPropagator = null,
            // Notebook containers come and go and their addresses are reused; do not keep idle connections long.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = false,
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
