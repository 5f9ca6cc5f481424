using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy.Headers;

/// <summary>
/// The path and query sent to the notebook: the caller's, unchanged, because the notebook serves the same
/// <c>/s/{sessionId}/</c> prefix. The path is the one routing matched (dot segments already resolved), re-escaped, so what
/// reaches the notebook is exactly what the proxy authorized; the query string is passed as received.
/// </summary>
internal static class ForwardedPath
{
    public static string Of(HttpRequest request)
    {
        var path = request.PathBase.HasValue ? request.PathBase.Add(request.Path) : request.Path;
        var escaped = path.ToUriComponent();
        var query = request.QueryString.Value;
        return string.IsNullOrEmpty(query) ? escaped : string.Concat(escaped, query);
    }

    /// <summary>The absolute upstream address for HTTP (<c>http</c>/<c>https</c>) or WebSocket (<c>ws</c>/<c>wss</c>).</summary>
    public static Uri Combine(Uri upstream, HttpRequest request, bool webSocket)
    {
        var scheme = upstream.Scheme;
        if (webSocket)
        {
            scheme = string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? Uri.UriSchemeWss : Uri.UriSchemeWs;
        }

        return new Uri(string.Concat(scheme, Uri.SchemeDelimiter, upstream.Authority, Of(request)), UriKind.Absolute);
    }
}
