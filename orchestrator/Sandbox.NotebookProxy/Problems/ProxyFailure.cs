namespace Sandbox.NotebookProxy.Problems;

/// <summary>How a forwarded exchange ended, when not normally. Each value maps to one response (or to none).</summary>
internal enum ProxyFailure
{
    None,

    /// <summary>The resolver said no: unknown session, not running, or not the caller's.</summary>
    SessionNotFound,

    /// <summary>A WebSocket handshake or unsafe request from a foreign browser origin.</summary>
    OriginRefused,

    /// <summary>A browser loading a document (page, frame, embed) where notebooks are for scripts only.</summary>
    BrowserRefused,

    /// <summary>The notebook could not be reached (refused, reset, connect timeout).</summary>
    UpstreamUnavailable,

    /// <summary>The notebook accepted the connection but did not answer within the response-headers timeout.</summary>
    UpstreamTimeout,

    /// <summary>The caller's body was larger than the proxy allows.</summary>
    RequestBodyTooLarge,

    /// <summary>The caller's request body was malformed or cut short.</summary>
    BadRequestBody,

    /// <summary>The caller went away, or the registry closed the exchange: nobody is left to answer.</summary>
    NoOneToAnswer,

    /// <summary>The notebook failed or stalled after the response started: the caller's connection was aborted, nothing more to say.</summary>
    ResponseCutShort,
}
