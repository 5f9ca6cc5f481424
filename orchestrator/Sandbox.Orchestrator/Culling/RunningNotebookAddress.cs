using Sandbox.Orchestrator.Sessions;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// Where a running session's notebook answers and its token: from what the reconciler last saw on this replica, else
/// (another replica reconciles it, or after a restart) from the runtime.
/// </summary>
internal sealed class RunningNotebookAddress(NotebookEndpoints endpoints, ISessionRuntime runtime, NotebookTokens tokens)
{
    /// <summary>The address and token, or null when the runtime shows no running notebook.</summary>
    public async Task<(Uri Address, string Token)?> FindAsync(Session session, CancellationToken cancellationToken)
    {
        if (endpoints.TryGet(session.Id, out var known) && known.Ready)
        {
            return (known.Address, known.Token);
        }

        var observed = await runtime.ObserveAsync(session.Id, RuntimeStateJson.Deserialize(session.RuntimeState), cancellationToken);
        return observed is { Phase: RuntimePhase.Running, Endpoint: { } address }
            ? (address, tokens.Unprotect(session.ProtectedToken))
            : null;
    }
}
