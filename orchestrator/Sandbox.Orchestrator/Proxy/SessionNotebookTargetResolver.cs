using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Culling;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Proxy;

/// <summary>
/// Tells the notebook proxy where a session's notebook is, only for callers who may use it and only while it runs.
/// The owner's requests are answered from the reconciler's <see cref="NotebookEndpoints"/> without touching the store
/// (not even creating a store context, which cost a tenth of a proxied request's CPU); anything else goes to
/// <see cref="StoredNotebookTargets"/>. Every request let through is noted as use of the notebook (<see cref="ProxiedUse"/>).
/// </summary>
internal sealed class SessionNotebookTargetResolver(NotebookEndpoints endpoints, ProxiedUse use, TimeProvider clock) : INotebookTargetResolver
{
    public async ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId, CancellationToken ct)
    {
        var target = await FindAsync(context, sessionId, ct);
        if (target is not null)
        {
            use.Record(sessionId);
        }

        return target;
    }

    private ValueTask<NotebookTarget?> FindAsync(HttpContext context, string sessionId, CancellationToken ct)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return ValueTask.FromResult<NotebookTarget?>(null);
        }

        // 1. The owner of a notebook the reconciler knows: answered from memory (starting notebooks are not reachable yet,
        //    as long as the memory of the start is fresh).
        var caller = context.User.MemberId();
        if (endpoints.TryGet(sessionId, out var known) && known.OwnerId == caller && known.IsCurrent(clock.GetUtcNow()))
        {
            return ValueTask.FromResult(known.Ready ? new NotebookTarget(known.Address, known.Token, caller) : null);
        }

        // 2. Otherwise the store decides.
        return context.RequestServices.GetRequiredService<StoredNotebookTargets>().ResolveAsync(context, sessionId, caller, ct);
    }
}
