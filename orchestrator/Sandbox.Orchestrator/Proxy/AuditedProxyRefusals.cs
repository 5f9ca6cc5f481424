using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;

namespace Sandbox.Orchestrator.Proxy;

/// <summary>
/// Writes the proxy's refusals of foreign-origin requests to the audit log (the first per caller, origin and session a
/// minute): a page of another site tried to use someone's notebook with their credentials.
/// </summary>
internal sealed class AuditedProxyRefusals(RefusalAudit throttle) : INotebookProxyRefusals
{
    private static readonly string[] Reasons = ["proxy.origin_refused"];

    public async ValueTask OriginRefusedAsync(HttpContext context, string sessionId, string origin)
    {
        var actor = context.User.Identity?.IsAuthenticated == true ? context.User.MemberId() : null;
        var who = actor ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        await throttle.WriteAsync(context.RequestServices.GetRequiredService<AuditLog>(), who, "proxy.origin:" + origin, sessionId,
            AuditKinds.AccessRefused, actor, new { what = "notebook", reasons = Reasons, origin, webSocket = context.WebSockets.IsWebSocketRequest },
            context.RequestAborted);
    }
}
