using System.Collections.Concurrent;
using Sandbox.Orchestrator.Culling;

namespace Sandbox.Orchestrator.Tests.Culling;

/// <summary>
/// Notebook servers whose answers a test sets per session: last used at an instant, busy, or unreachable. A session
/// without a script answers as used when it started, like a fresh Jupyter server. Records every read.
/// </summary>
internal sealed class ScriptedNotebookActivity : INotebookActivitySource
{
    private readonly ConcurrentDictionary<string, NotebookActivityReading> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(Uri Address, string SessionId, string Token)> _reads = new();

    public IReadOnlyCollection<(Uri Address, string SessionId, string Token)> Reads => _reads.ToList();

    public DateTimeOffset Default { get; set; }

    public void LastUsed(string sessionId, DateTimeOffset at) =>
        _answers[sessionId] = NotebookActivityReading.Of(new NotebookActivity(at, 0, [new KernelActivity("idle", at)]));

    public void Busy(string sessionId, DateTimeOffset kernelLastMessage) =>
        _answers[sessionId] = NotebookActivityReading.Of(new NotebookActivity(kernelLastMessage, 1, [new KernelActivity("busy", kernelLastMessage)]));

    public void Unreachable(string sessionId) => _answers[sessionId] = NotebookActivityReading.Failed("unreachable");

    public Task<NotebookActivityReading> ReadAsync(Uri address, string sessionId, string token, CancellationToken cancellationToken)
    {
        _reads.Enqueue((address, sessionId, token));
        return Task.FromResult(_answers.TryGetValue(sessionId, out var answer)
            ? answer
            : NotebookActivityReading.Of(new NotebookActivity(Default, 0, [])));
    }
}
