using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Sandbox.NotebookProxy.WebSockets;

/// <summary>
/// Refuses browser requests that another site's page makes on the caller's behalf. Browsers attach the caller's cookie to
/// a cross-site WebSocket handshake, and the proxy adds the notebook's token, so without this any page could drive the
/// caller's kernel. A request without Origin (not a browser, or a same-origin GET) passes; one with an Origin passes
/// only when it is the request's own scheme and host, or listed in <see cref="NotebookProxyOptions.AllowedOrigins"/>.
/// </summary>
internal sealed class OriginPolicy
{
    private readonly FrozenSet<string> _allowed;

    public OriginPolicy(IOptions<NotebookProxyOptions> options)
    {
        _allowed = options.Value.AllowedOrigins.Select(Normalize).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public bool Allows(HttpRequest request)
    {
        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            return true;
        }

        if (origin.Count > 1)
        {
            return false;
        }

        var value = Normalize(origin.ToString());
        return IsSameOrigin(value, request) || _allowed.Contains(value);
    }

    /// <summary>Safe methods change nothing, so only WebSocket handshakes and unsafe methods are checked.</summary>
    public static bool AppliesTo(HttpRequest request, bool isWebSocket) =>
        isWebSocket || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));

    private static bool IsSameOrigin(string origin, HttpRequest request)
    {
        var scheme = request.Scheme;
        var host = request.Host.Value;
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        // origin == scheme + "://" + host, without building the string.
        return origin.Length == scheme.Length + 3 + host.Length
            && origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && origin.AsSpan(scheme.Length, 3).SequenceEqual("://")
            && origin.AsSpan(scheme.Length + 3).Equals(host, StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalize(string origin) => origin.Trim().TrimEnd('/');
}
