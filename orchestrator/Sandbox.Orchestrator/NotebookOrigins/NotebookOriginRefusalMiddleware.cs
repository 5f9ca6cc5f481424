using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// Refuses, on the portal's origin, every request a notebook origin's page makes (Origin header of a notebook origin): the
/// API, the hub and the portal never act for code a notebook served, even where the browser would attach the portal's
/// cookie (a notebook host under the portal's own site is same-site, so SameSite alone does not stop it). 403
/// <c>origin.notebook_refused</c>, audited. Runs before authentication, so such a page learns nothing about its visitor.
/// </summary>
internal sealed class NotebookOriginRefusalMiddleware(RequestDelegate next, SandboxOrigins origins, RefusalAudit throttle)
{
    public const string Reason = "origin.notebook_refused";

    private static readonly string[] Reasons = [Reason];

    public async Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0 || !origin.Any(o => o is not null && origins.IsNotebookOrigin(o)))
        {
            await next(context);
            return;
        }

        var who = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var text = origin.ToString();
        await throttle.WriteAsync(context.RequestServices.GetRequiredService<AuditLog>(), who, "notebook.origin:" + text, context.Request.Path.Value,
            AuditKinds.AccessRefused, null, new { what = "portal", reasons = Reasons, origin = text }, context.RequestAborted);
        await ApiProblem.Forbidden(Reason, "Requests from a notebook's page are refused here.").ExecuteAsync(context);
    }
}
