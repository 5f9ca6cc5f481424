namespace Sandbox.NotebookProxy;

/// <summary>Settings of the notebook proxy, read once at start (see <c>AddNotebookProxy</c>).</summary>
public sealed class NotebookProxyOptions
{
    /// <summary>How long opening a TCP connection to a notebook may take before the caller gets 502
    /// (<c>proxy.upstream_unavailable</c>). Default 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the notebook may take to answer with response headers (for WebSockets: to answer the handshake)
    /// before the caller gets 504 (<c>proxy.upstream_timeout</c>). For plain HTTP this is the forwarder's activity timeout,
    /// so it also bounds each pause within a request or response body: a body that moves no byte for this long is cut.
    /// Default 100 seconds.</summary>
    public TimeSpan ResponseHeadersTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>A WebSocket that carried no byte in either direction for this long is cut (its connections are closed, without
    /// a close frame). The notebook's and the browser's own pings count as bytes: Jupyter pings its kernel sockets, so this
    /// ends only sockets whose peer is gone. <see cref="Timeout.InfiniteTimeSpan"/> turns this off. Default 1 hour, the
    /// session idle-culling default, far above the forwarder's own 100 seconds so a quiet long-running cell keeps its socket.</summary>
    public TimeSpan WebSocketIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest request body forwarded, in bytes; a larger one is refused with 413. Bodies are streamed, never
    /// buffered, so this bounds what a caller can push at a notebook, not the proxy's memory. Null means no limit.
    /// Default 512 MiB, Jupyter's own default limit.</summary>
    public long? MaxRequestBodySize { get; set; } = 512L * 1024 * 1024;

    /// <summary>Cookies whose names start with one of these (ordinal, case-sensitive, as cookie names are) are the
    /// orchestrator's own: they are removed before a request goes to a notebook (other cookies, Jupyter's <c>_xsrf</c> for
    /// example, pass), and a notebook served at its own origin may not set cookies with these names. Default
    /// <c>.AspNetCore.</c>, <c>sandbox.</c>, <c>__Host-sandbox.</c> and <c>__Secure-sandbox.</c>.</summary>
    public IList<string> StrippedCookiePrefixes { get; } = [".AspNetCore.", "sandbox.", "__Host-sandbox.", "__Secure-sandbox."];

    /// <summary>Origins (<c>scheme://host[:port]</c>), besides the request's own, from which a browser may open a notebook
    /// WebSocket or send an unsafe (non GET/HEAD/OPTIONS/TRACE) request. Default none: same-origin only.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Origins (<c>scheme://host[:port]</c>) whose pages may show a notebook served at its own origin in a frame
    /// (<see cref="NotebookExposure.OwnOrigin"/>), for example the portal's. The notebook's own origin always may. Default
    /// none: <c>frame-ancestors 'self'</c>.</summary>
    public IList<string> FrameAncestors { get; } = [];
}
