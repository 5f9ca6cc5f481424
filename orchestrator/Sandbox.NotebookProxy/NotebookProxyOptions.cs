namespace Sandbox.NotebookProxy;

/// <summary>Settings of the notebook proxy, read once at start (see <c>AddNotebookProxy</c>).</summary>
public sealed class NotebookProxyOptions
{
    /// <summary>How long opening a TCP connection to a notebook may take before the caller gets 502
    /// (<c>proxy.upstream_unavailable</c>). Default 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the notebook may take to answer with response headers (for WebSockets: to complete the handshake)
    /// before the caller gets 504 (<c>proxy.upstream_timeout</c>). The body that follows has no time limit, so long downloads
    /// and long polls work. Default 100 seconds.</summary>
    public TimeSpan ResponseHeadersTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Interval of the WebSocket keep-alive frames sent to both the caller and the notebook, so idle NATs and load
    /// balancers keep the connection. <see cref="TimeSpan.Zero"/> turns them off. Default 30 seconds.</summary>
    public TimeSpan WebSocketKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A WebSocket relay that carried no message in either direction for this long is closed (status 1001) on both
    /// sides. Keep-alive frames do not count as messages. <see cref="Timeout.InfiniteTimeSpan"/> turns this off.
    /// Default 1 hour, the session idle-culling default.</summary>
    public TimeSpan WebSocketIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long, after one side of a WebSocket relay closed or after the relay was told to close, the other side may
    /// take to answer with its own close frame before its connection is cut. Default 2 seconds.</summary>
    public TimeSpan WebSocketCloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest request body forwarded, in bytes; a larger one is refused with 413. Bodies are streamed, never
    /// buffered, so this bounds what a caller can push at a notebook, not the proxy's memory. Null means no limit.
    /// Default 512 MiB, Jupyter's own default limit.</summary>
    public long? MaxRequestBodySize { get; set; } = 512L * 1024 * 1024;

    /// <summary>Cookies whose names start with one of these (ordinal, case-sensitive, as cookie names are) are the
    /// orchestrator's own and are removed before a request goes to a notebook; other cookies (Jupyter's <c>_xsrf</c>, for
    /// example) pass. Default <c>.AspNetCore.</c>, <c>sandbox.</c> and <c>__Host-sandbox.</c> (their names over HTTPS).</summary>
    public IList<string> StrippedCookiePrefixes { get; } = [".AspNetCore.", "sandbox.", "__Host-sandbox."];

    /// <summary>Origins (<c>scheme://host[:port]</c>), besides the request's own, from which a browser may open a notebook
    /// WebSocket or send an unsafe (non GET/HEAD/OPTIONS/TRACE) request. Default none: same-origin only.</summary>
    public IList<string> AllowedOrigins { get; } = [];
}
