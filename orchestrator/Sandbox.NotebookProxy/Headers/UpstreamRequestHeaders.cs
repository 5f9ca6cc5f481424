using System.Net.Http.Headers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sandbox.NotebookProxy.Headers;

/// <summary>
/// Writes the headers of an upstream request from the caller's: hop-by-hop headers and the caller's credentials dropped,
/// the orchestrator's cookies removed, the notebook's token and the X-Forwarded-* headers added. The original Host is kept,
/// so Jupyter's own same-origin checks compare the browser's Origin with the host the browser actually used.
/// </summary>
internal sealed class UpstreamRequestHeaders
{
    private readonly AuthCookieFilter _cookies;

    public UpstreamRequestHeaders(AuthCookieFilter cookies)
    {
        _cookies = cookies;
    }

    public void CopyTo(HttpRequest source, HttpRequestMessage destination, string token)
    {
        var sink = new MessageSink(destination);
        Copy(source, ref sink, webSocket: false);
        AddProxyHeaders(source, ref sink, token);
    }

    public void CopyTo(HttpRequest source, ClientWebSocketOptions destination, string token)
    {
        var sink = new WebSocketOptionsSink(destination);
        Copy(source, ref sink, webSocket: true);
        AddProxyHeaders(source, ref sink, token);
    }

    private void Copy<TSink>(HttpRequest source, ref TSink sink, bool webSocket)
        where TSink : struct, IHeaderSink
    {
        var headers = source.Headers;
        var connection = headers.Connection;
        var connectionNamesOthers = ConnectionHeader.NamesOtherHeaders(connection);
        foreach (var (name, values) in headers)
        {
            var rule = webSocket ? HeaderRules.ForWebSocketRequest(name) : HeaderRules.ForRequest(name);
            if (rule == HeaderRule.Drop || (connectionNamesOthers && ConnectionHeader.Names(connection, name)))
            {
                continue;
            }

            var forwarded = rule == HeaderRule.FilterCookies ? _cookies.Filter(values) : values;
            if (forwarded.Count > 0)
            {
                sink.Add(name, forwarded);
            }
        }
    }

    private static void AddProxyHeaders<TSink>(HttpRequest source, ref TSink sink, string token)
        where TSink : struct, IHeaderSink
    {
        sink.Add("Authorization", string.Concat("token ", token));
        var remote = source.HttpContext.Connection.RemoteIpAddress;
        if (remote is not null)
        {
            sink.Add(ForwardedHeaderNames.For, remote.ToString());
        }

        sink.Add(ForwardedHeaderNames.Proto, source.Scheme);
        if (source.Host.HasValue)
        {
            sink.Add(ForwardedHeaderNames.Host, source.Host.Value);
        }
    }

    private interface IHeaderSink
    {
        void Add(string name, StringValues values);
    }

    private readonly struct MessageSink(HttpRequestMessage message) : IHeaderSink
    {
        public void Add(string name, StringValues values)
        {
            // Content headers (Content-Type, Content-Length, ...) are refused by the request's header collection and belong
            // to the body; a request without a body has no use for them.
            if (!TryAdd(message.Headers, name, values) && message.Content is not null)
            {
                TryAdd(message.Content.Headers, name, values);
            }
        }

        private static bool TryAdd(HttpHeaders headers, string name, StringValues values) =>
            values.Count == 1
                ? headers.TryAddWithoutValidation(name, values.ToString())
                : headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
    }

    private readonly struct WebSocketOptionsSink(ClientWebSocketOptions options) : IHeaderSink
    {
        public void Add(string name, StringValues values) => options.SetRequestHeader(name, values.ToString());
    }
}
