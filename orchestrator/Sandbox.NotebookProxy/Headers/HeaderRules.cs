using System.Collections.Frozen;

namespace Sandbox.NotebookProxy.Headers;

/// <summary>
/// Which request headers cross the proxy, on top of the forwarder's own hop-by-hop rules (RFC 9110 section 7.6.1): the
/// caller's credentials and forwarding claims never reach a notebook. One frozen lookup per header keeps this cheap.
/// </summary>
internal static class HeaderRules
{
    private const string ProxyPrefix = "Proxy-";

    private static readonly FrozenDictionary<string, HeaderRule> Request = new Dictionary<string, HeaderRule>(StringComparer.OrdinalIgnoreCase)
    {
        ["Connection"] = HeaderRule.Drop,
        ["Keep-Alive"] = HeaderRule.Drop,
        ["TE"] = HeaderRule.Drop,
        ["Trailer"] = HeaderRule.Drop,
        ["Transfer-Encoding"] = HeaderRule.Drop,
        ["Upgrade"] = HeaderRule.Drop,
        ["Proxy-Connection"] = HeaderRule.Drop,
        // The caller's credentials are for the orchestrator; the notebook gets its own token instead.
        ["Authorization"] = HeaderRule.Drop,
        // Set by the proxy from what it saw; a caller must not be able to claim another address.
        [ForwardedHeaderNames.For] = HeaderRule.Drop,
        [ForwardedHeaderNames.Proto] = HeaderRule.Drop,
        [ForwardedHeaderNames.Host] = HeaderRule.Drop,
        ["Forwarded"] = HeaderRule.Drop,
        ["Cookie"] = HeaderRule.FilterCookies,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The rule for a request header forwarded over HTTP.</summary>
    public static HeaderRule ForRequest(string name)
    {
        if (Request.TryGetValue(name, out var rule))
        {
            return rule;
        }

        return IsProxyHeader(name) || IsPseudoHeader(name) ? HeaderRule.Drop : HeaderRule.Forward;
    }

    /// <summary>
    /// The rule for a request header of a WebSocket handshake, which reaches the notebook end to end (its Sec-WebSocket-*
    /// headers and Host pass). Origin stays here: the proxy checked it, and the notebook would compare it with a host of its
    /// own. Content headers make no sense on a handshake.
    /// </summary>
    public static HeaderRule ForWebSocketRequest(string name)
    {
        var rule = ForRequest(name);
        if (rule != HeaderRule.Forward)
        {
            return rule;
        }

        return name.Equals("Origin", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
            ? HeaderRule.Drop
            : HeaderRule.Forward;
    }

    /// <summary>Whether a response header stops at the proxy though the forwarder copied it (its <c>Proxy-</c> family).</summary>
    public static bool IsProxyHeader(string name) => name.StartsWith(ProxyPrefix, StringComparison.OrdinalIgnoreCase);

    // HTTP/2 and HTTP/3 pseudo-headers have no place in an HTTP/1.1 request.
    private static bool IsPseudoHeader(string name) => name.Length > 0 && name[0] == ':';
}
