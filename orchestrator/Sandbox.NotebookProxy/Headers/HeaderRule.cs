namespace Sandbox.NotebookProxy.Headers;

/// <summary>What the proxy does with one request header on its way to a notebook.</summary>
internal enum HeaderRule
{
    Forward,

    /// <summary>Hop-by-hop headers, and headers the proxy sets itself (credentials, forwarding information).</summary>
    Drop,

    /// <summary>The Cookie header: forwarded without the orchestrator's own cookies.</summary>
    FilterCookies,
}
