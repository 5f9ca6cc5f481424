using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy;

/// <summary>The notebook proxy as a request delegate, for hosts that pick the session themselves (a notebook origin per session).</summary>
public static class NotebookProxyApplicationBuilderExtensions
{
    /// <summary>
    /// A delegate that forwards a request for one session, HTTP or WebSocket, exactly as <c>MapNotebookProxy</c> does with
    /// the same <paramref name="exposure"/>. The caller names the session and the rest of the path (after
    /// <c>/s/{sessionId}/</c>) with <see cref="SetTarget"/> before invoking it, and has authenticated the request.
    /// </summary>
    public static RequestDelegate BuildNotebookProxyHandler(this IApplicationBuilder app, NotebookExposure exposure)
    {
        ArgumentNullException.ThrowIfNull(app);
        return NotebookProxyEndpoint.Create(app.ApplicationServices, exposure, nameof(BuildNotebookProxyHandler)).HandleAsync;
    }

    /// <summary>Names the session (and the path within it) a request built by <see cref="BuildNotebookProxyHandler"/> goes to.</summary>
    public static void SetTarget(HttpContext context, string sessionId, string? rest)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Request.RouteValues[NotebookProxyEndpoint.SessionIdRouteValue] = sessionId;
        context.Request.RouteValues[NotebookProxyEndpoint.RestRouteValue] = rest;
    }
}
