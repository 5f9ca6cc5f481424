using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Proxy;

/// <summary>
/// Tells the notebook proxy where a session's notebook is, only for callers who may use it and only while it runs.
/// The owner's requests are answered from the reconciler's <see cref="NotebookEndpoints"/>; anything else goes to the
/// store and the runtime.
/// </summary>
internal sealed class SessionNotebookTargetResolver(
    SessionAccess access, NotebookTokens tokens, ISessionRuntime runtime, NotebookEndpoints endpoints,
    AuditLog audit, NotebookAccessAudit accessAudit) : INotebookTargetResolver
{
    public async ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId, CancellationToken ct)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        // 1. The owner of a notebook the reconciler knows: answered from memory (starting notebooks are not reachable yet).
        var caller = context.User.MemberId();
        if (endpoints.TryGet(sessionId, out var known) && known.OwnerId == caller)
        {
            return known.Ready ? new NotebookTarget(known.Address, known.Token, caller) : null;
        }

        // 2. Otherwise (an invited mentor, or after a restart) the store decides who may use it.
        var session = await access.FindVisibleAsync(context.User, sessionId, ct);
        if (session is not { State: SessionState.Running })
        {
            return null;
        }

        if (session.OwnerId != caller && accessAudit.ShouldWrite(sessionId, caller))
        {
            await audit.WriteAsync(AuditKinds.NotebookAccessed, caller, sessionId, new { owner = session.OwnerId }, ct);
        }

        if (endpoints.TryGet(sessionId, out var cached) && cached.Ready)
        {
            return new NotebookTarget(cached.Address, cached.Token, caller);
        }

        var observed = await runtime.ObserveAsync(sessionId, RuntimeStateJson.Deserialize(session.RuntimeState), ct);
        if (observed is not { Phase: RuntimePhase.Running, Endpoint: { } endpoint })
        {
            return null;
        }

        var token = tokens.Unprotect(session.ProtectedToken);
        endpoints.Remember(sessionId, new NotebookEndpoint(endpoint, session.OwnerId, token, DateTimeOffset.UtcNow, Ready: true));
        return new NotebookTarget(endpoint, token, caller);
    }
}
