using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy.Headers;

/// <summary>
/// Finishes the headers of an upstream request after the forwarder copied the caller's (without hop-by-hop headers): the
/// caller's credentials and forwarding claims removed, the orchestrator's cookies filtered out, the notebook's token and
/// the X-Forwarded-* headers added. The original Host is kept, so Jupyter's own same-origin checks compare the browser's
/// Origin with the host the browser actually used.
/// </summary>
internal sealed class UpstreamRequestHeaders
{
    // Known content headers live on the request's content, and removing one from the request's own headers throws.
    private static readonly FrozenSet<string> ContentHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length", "Content-Location",
        "Content-MD5", "Content-Range", "Content-Type", "Expires", "Last-Modified");

    private readonly AuthCookieFilter _cookies;

    public UpstreamRequestHeaders(AuthCookieFilter cookies)
    {
        _cookies = cookies;
    }

    public void Apply(HttpRequest source, HttpRequestMessage destination, string token, bool webSocket)
    {
        // 1. One pass over the caller's headers (a handful) undoes what the plain copy should not have let through.
        var headers = source.Headers;
        var connection = headers.Connection;
        var connectionNamesOthers = ConnectionHeader.NamesOtherHeaders(connection);
        foreach (var (name, values) in headers)
        {
            var rule = webSocket ? HeaderRules.ForWebSocketRequest(name) : HeaderRules.ForRequest(name);
            if (rule == HeaderRule.Drop || (connectionNamesOthers && ConnectionHeader.Names(connection, name)))
            {
                Remove(destination, name);
            }
            else if (rule == HeaderRule.FilterCookies)
            {
                var kept = _cookies.Filter(values);
                if (kept != values)
                {
                    destination.Headers.Remove("Cookie");
                    if (kept.Count > 0)
                    {
                        destination.Headers.TryAddWithoutValidation("Cookie", kept.ToString());
                    }
                }
            }
        }

        // 2. What the proxy says itself.
        var added = destination.Headers;
        added.TryAddWithoutValidation("Authorization", string.Concat("token ", token));
        var remote = source.HttpContext.Connection.RemoteIpAddress;
        if (remote is not null)
        {
            added.TryAddWithoutValidation(ForwardedHeaderNames.For, remote.ToString());
        }

        added.TryAddWithoutValidation(ForwardedHeaderNames.Proto, source.Scheme);
        if (source.Host.HasValue)
        {
            added.TryAddWithoutValidation(ForwardedHeaderNames.Host, source.Host.Value);
        }
    }

    private static void Remove(HttpRequestMessage destination, string name)
    {
        if (ContentHeaders.Contains(name))
        {
            destination.Content?.Headers.Remove(name);
        }
        else
        {
            destination.Headers.Remove(name);
        }
    }
}
