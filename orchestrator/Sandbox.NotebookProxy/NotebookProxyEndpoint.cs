using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.NotebookProxy.Http;
using Sandbox.NotebookProxy.Problems;
using Sandbox.NotebookProxy.WebSockets;

namespace Sandbox.NotebookProxy;

/// <summary>
/// The request delegate behind <c>{prefix}/{sessionId}/{**rest}</c>: the same-origin check, the host's decision, then
/// HTTP or WebSocket forwarding. Every expected failure becomes a problem response here, never an exception.
/// </summary>
internal sealed class NotebookProxyEndpoint
{
    public const string SessionIdRouteValue = "sessionId";
    public const string RestRouteValue = "rest";

    private readonly OriginPolicy _origins;
    private readonly HttpForwarder _http;
    private readonly WebSocketForwarder _webSockets;

    public NotebookProxyEndpoint(OriginPolicy origins, HttpForwarder http, WebSocketForwarder webSockets)
    {
        _origins = origins;
        _http = http;
        _webSockets = webSockets;
    }

    /// <summary>Whether the request asks for a WebSocket (HTTP/1.1 Upgrade or HTTP/2 extended CONNECT); cheap, header-only.</summary>
    public static bool MayBeWebSocket(HttpRequest request) =>
        request.Headers.Upgrade.Count > 0 || HttpMethods.IsConnect(request.Method);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var sessionId = request.RouteValues[SessionIdRouteValue] as string;
        if (string.IsNullOrEmpty(sessionId))
        {
            await ProxyProblems.WriteAsync(context, ProxyFailure.SessionNotFound).ConfigureAwait(false);
            return;
        }

        // 1. /s/{id} becomes /s/{id}/: the notebook's pages use relative links that need the trailing slash.
        if (request.RouteValues[RestRouteValue] is null && !request.Path.Value!.EndsWith('/'))
        {
            RedirectToTrailingSlash(context);
            return;
        }

        // 2. Another site's page may not use the caller's credentials here (checked first: it needs no lookup).
        var isWebSocket = context.WebSockets.IsWebSocketRequest;
        if (OriginPolicy.AppliesTo(request, isWebSocket) && !_origins.Allows(request))
        {
            if (context.RequestServices.GetService<INotebookProxyRefusals>() is { } refusals)
            {
                await refusals.OriginRefusedAsync(context, sessionId, request.Headers.Origin.ToString()).ConfigureAwait(false);
            }

            await ProxyProblems.WriteAsync(context, ProxyFailure.OriginRefused).ConfigureAwait(false);
            return;
        }

        // 3. The host decides whether this caller may use this session, and where it runs.
        var resolver = context.RequestServices.GetRequiredService<INotebookTargetResolver>();
        var target = await resolver.ResolveAsync(context, sessionId, context.RequestAborted).ConfigureAwait(false);
        if (target is null)
        {
            await ProxyProblems.WriteAsync(context, ProxyFailure.SessionNotFound).ConfigureAwait(false);
            return;
        }

        // 4. Forward.
        var outcome = isWebSocket
            ? await _webSockets.ForwardAsync(context, sessionId, target).ConfigureAwait(false)
            : await _http.ForwardAsync(context, sessionId, target).ConfigureAwait(false);
        if (outcome.Failure != ProxyFailure.None)
        {
            await ProxyProblems.WriteAsync(context, outcome).ConfigureAwait(false);
        }
    }

    private static void RedirectToTrailingSlash(HttpContext context)
    {
        var request = context.Request;
        var location = string.Concat(request.PathBase.Add(request.Path).ToUriComponent(), "/", request.QueryString.Value);
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = location;
    }
}
