using Microsoft.AspNetCore.Http;
using Sandbox.NotebookProxy;

namespace Benchmarks.Proxy;

/// <summary>Lets every caller through to the one notebook under test, as an authorized owner would be.</summary>
internal sealed class FixedTargetResolver(string sessionId, NotebookTarget target) : INotebookTargetResolver
{
    public ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId1, CancellationToken ct) =>
        ValueTask.FromResult(string.Equals(sessionId1, sessionId, StringComparison.Ordinal) ? target : null);
}
