using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Refuses requests to the hub (negotiate, WebSocket, server-sent events, long polling) that another site's page makes:
/// the browser would attach the caller's cookie, and the hub would then tell that page about the caller's sessions.
/// The rule is the notebook proxy's (its OriginPolicy): no Origin passes (not a browser); one Origin passes when it is
/// the request's own scheme and host, or one of <see cref="NotebookProxyOptions.AllowedOrigins"/>; anything else is
/// 403 <c>hub.origin_refused</c>, audited like the proxy's refusals. Runs before authorization, so a foreign page learns
/// nothing, not even whether its visitor is signed in.
/// </summary>
internal sealed class HubOriginCheckMiddleware(RequestDelegate next, IOptions<NotebookProxyOptions> proxy, RefusalAudit throttle)
{
    public const string Reason = "hub.origin_refused";

    private static readonly string[] Reasons = [Reason];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase) || Allows(request))
        {
            await next(context);
            return;
        }

        var origin = request.Headers.Origin.ToString();
        var actor = context.User.Identity?.IsAuthenticated == true ? context.User.MemberId() : null;
        var who = actor ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        await throttle.WriteAsync(context.RequestServices.GetRequiredService<AuditLog>(), who, "hub.origin:" + origin, SessionsHub.Path,
            AuditKinds.AccessRefused, actor, new { what = "hub", reasons = Reasons, origin, webSocket = context.WebSockets.IsWebSocketRequest },
            context.RequestAborted);
        await ApiProblem.Forbidden(Reason, "Connections to the live updates from another site's page are refused.").ExecuteAsync(context);
    }

    private bool Allows(HttpRequest request)
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

        var value = origin.ToString().Trim().TrimEnd('/');
        var own = $"{request.Scheme}://{request.Host.Value}";
        return (request.Host.HasValue && string.Equals(value, own, StringComparison.OrdinalIgnoreCase))
            || proxy.Value.AllowedOrigins.Any(allowed => string.Equals(value, allowed.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
