using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>Counts how often the proxy asked, to show which refusals come before any lookup.</summary>
internal sealed class CountingResolver(INotebookTargetResolver inner) : INotebookTargetResolver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return inner.ResolveAsync(context, sessionId, ct);
    }
}
