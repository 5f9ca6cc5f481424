using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Proxy;

/// <summary>
/// The proxy's slow path: the store decides who may use a session (an invited mentor, or anyone after a restart before
/// the reconciler has seen the notebook again), and the runtime says where it runs.
/// </summary>
internal sealed class StoredNotebookTargets(
    SessionAccess access, NotebookTokens tokens, ISessionRuntime runtime, NotebookEndpoints endpoints,
    AuditLog audit, NotebookAccessAudit accessAudit)
{
    public async ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId, string caller, CancellationToken ct)
    {
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
