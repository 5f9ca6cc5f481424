using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Proxy;

/// <summary>
/// Tells the notebook proxy where a session's notebook is, only for callers who may use it and only while it runs.
/// The owner's requests are answered from the reconciler's <see cref="NotebookEndpoints"/> without touching the store
/// (not even creating a store context, which cost a tenth of a proxied request's CPU); anything else goes to
/// <see cref="StoredNotebookTargets"/>.
/// </summary>
internal sealed class SessionNotebookTargetResolver(NotebookEndpoints endpoints) : INotebookTargetResolver
{
    public ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId, CancellationToken ct)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return ValueTask.FromResult<NotebookTarget?>(null);
        }

        // 1. The owner of a notebook the reconciler knows: answered from memory (starting notebooks are not reachable yet).
        var caller = context.User.MemberId();
        if (endpoints.TryGet(sessionId, out var known) && known.OwnerId == caller)
        {
            return ValueTask.FromResult(known.Ready ? new NotebookTarget(known.Address, known.Token, caller) : null);
        }

        // 2. Otherwise the store decides.
        return context.RequestServices.GetRequiredService<StoredNotebookTargets>().ResolveAsync(context, sessionId, caller, ct);
    }
}
