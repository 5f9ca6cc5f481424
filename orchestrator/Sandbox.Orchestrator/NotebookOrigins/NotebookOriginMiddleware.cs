using System.Security.Claims;
using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// Answers every request whose Host is a notebook origin (<c>{session}.{notebook host}</c>), before the portal, the API,
/// the hub or their authentication see it: on a notebook origin only the notebook cookie counts, and only the notebook
/// is served. What a notebook origin serves:
/// <list type="bullet">
/// <item><c>/</c>: a redirect to the notebook server's base path <c>/s/{session}/</c>;</item>
/// <item><c>/_sandbox/handoff?code=…</c>: redeems a one-time code for the notebook cookie, then redirects into the notebook;</item>
/// <item><c>/s/{session}/…</c>: the notebook, HTTP and WebSocket, for a valid cookie of this session whose member has not
/// signed out; a navigation without one is sent to the portal to get one, anything else is 404;</item>
/// <item>anything else: 404.</item>
/// </list>
/// Every 404 is the same <c>notebook.not_found</c>, so a notebook origin never tells a session that exists from one that
/// does not, nor a lost cookie from an ended share.
/// /// </summary>
internal sealed class NotebookOriginMiddleware(RequestDelegate next, RequestDelegate proxy, SandboxOrigins origins, NotebookCookie cookie, SecurityStamps stamps)
{
    public const string HandoffRefused = "notebook.handoff_refused";
    public const string NotFound = "notebook.not_found";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!origins.IsNotebookHost(request.Host))
        {
            await next(context);
            return;
        }

        // 1. Only a well-formed session origin has anything to serve.
        if (origins.SessionOf(request.Host) is not { } sessionId)
        {
            await NotFoundAsync(context);
            return;
        }

        var basePath = NotebookPaths.BaseOf(sessionId);
        if (request.Path.Equals("/", StringComparison.Ordinal))
        {
            context.Response.Redirect(basePath);
            return;
        }

        if (request.Path.Equals(NotebookHandoffs.RedeemPath, StringComparison.Ordinal))
        {
            await RedeemAsync(context, sessionId);
            return;
        }

        if (!request.Path.StartsWithSegments(basePath.TrimEnd('/'), StringComparison.Ordinal, out var rest))
        {
            await NotFoundAsync(context);
            return;
        }

        // 2. The notebook cookie, for this session, of a member who has not signed out since.
        var ticket = cookie.Read(request);
        if (ticket is null || ticket.SessionId != sessionId
            || !await stamps.IsCurrentAsync(ticket.MemberId, ticket.SecurityStamp, context.RequestServices.GetRequiredService<SandboxDbContext>, context.RequestAborted))
        {
            await SignInAsync(context, sessionId);
            return;
        }

        if (cookie.ShouldRenew(ticket))
        {
            // Set as the response starts, after the forwarder copied the notebook's headers, so neither overwrites the other.
            context.Response.OnStarting(() =>
            {
                cookie.Issue(context, sessionId, ticket.MemberId, ticket.SecurityStamp);
                return Task.CompletedTask;
            });
        }

        // 3. The proxy asks the access rules (owner, or an active share) on every request, as for any caller.
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, ticket.MemberId)], "notebook"));
        NotebookProxyApplicationBuilderExtensions.SetTarget(context, sessionId, rest.HasValue && rest.Value!.Length > 1 ? rest.Value[1..] : null);
        await proxy(context);
    }

    private async Task RedeemAsync(HttpContext context, string sessionId)
    {
        var request = context.Request;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (!HttpMethods.IsGet(request.Method))
        {
            await ApiProblem.Create(StatusCodes.Status405MethodNotAllowed, "notebook.method_not_allowed", "The hand-off is a GET.").ExecuteAsync(context);
            return;
        }

        var handoffs = context.RequestServices.GetRequiredService<NotebookHandoffs>();
        var handoff = await handoffs.RedeemAsync(request.Query["code"].ToString(), sessionId, context.RequestAborted);
        if (handoff is null
            || !await stamps.IsCurrentAsync(handoff.MemberId, handoff.SecurityStamp, context.RequestServices.GetRequiredService<SandboxDbContext>, context.RequestAborted))
        {
            await AuditRefusalAsync(context, sessionId);
            await ApiProblem.Forbidden(HandoffRefused,
                "This link to the notebook has been used, has expired or is not valid here. Open the notebook again from the portal.").ExecuteAsync(context);
            return;
        }

        cookie.Issue(context, sessionId, handoff.MemberId, handoff.SecurityStamp);
        var next = request.Query["next"].ToString();
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = NotebookPaths.IsWithinSession(next, sessionId) ? next : NotebookPaths.BaseOf(sessionId);
    }

    /// <summary>A person navigating is sent to the portal, which hands them back with a code; scripts and sockets get 404.</summary>
    private async Task SignInAsync(HttpContext context, string sessionId)
    {
        var request = context.Request;
        if (IsNavigation(request))
        {
            var back = string.Concat(request.Path.Value, request.QueryString.Value);
            context.Response.Redirect($"{origins.PortalOriginText}/open/{sessionId}?next={Uri.EscapeDataString(back)}");
            return;
        }

        await NotFoundAsync(context);
    }

    private static bool IsNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Upgrade.Count == 0
        && (request.Headers["Sec-Fetch-Mode"] == "navigate"
            || (request.Headers["Sec-Fetch-Mode"].Count == 0 && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)));

    private static Task NotFoundAsync(HttpContext context) =>
        ApiProblem.NotFound(NotFound, "There is no notebook here, or your access to it has ended: open it from the portal.").ExecuteAsync(context);

    private static async Task AuditRefusalAsync(HttpContext context, string sessionId)
    {
        var who = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        await context.RequestServices.GetRequiredService<RefusalAudit>().WriteAsync(
            context.RequestServices.GetRequiredService<AuditLog>(), who, "notebook.handoff", sessionId, AuditKinds.AccessRefused, null,
            new { what = "notebook handoff", reasons = new[] { HandoffRefused } }, context.RequestAborted);
    }
}
