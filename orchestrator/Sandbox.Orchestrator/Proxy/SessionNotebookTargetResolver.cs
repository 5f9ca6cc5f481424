using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Proxy;

/// <summary>
/// Tells the notebook proxy where a session's notebook is, only for callers who may use it and only while it runs.
/// Endpoints are cached per session (a notebook's address does not change while it runs) so a proxied request costs
/// one store read, not an engine call.
/// </summary>
internal sealed class SessionNotebookTargetResolver(
    SessionAccess access, NotebookTokens tokens, ISessionRuntime runtime, NotebookEndpoints endpoints) : INotebookTargetResolver
{
    public async ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId, CancellationToken ct)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var session = await access.FindVisibleAsync(context.User, sessionId, ct);
        if (session is not { State: SessionState.Running })
        {
            return null;
        }

        if (!endpoints.TryGet(sessionId, out var endpoint, out _))
        {
            var observed = await runtime.ObserveAsync(sessionId, RuntimeStateJson.Deserialize(session.RuntimeState), ct);
            if (observed is not { Phase: RuntimePhase.Running, Endpoint: { } found })
            {
                return null;
            }

            endpoint = found;
            endpoints.Remember(sessionId, endpoint, DateTimeOffset.UtcNow);
        }

        return new NotebookTarget(endpoint, tokens.Unprotect(session.ProtectedToken), context.User.MemberId());
    }
}
