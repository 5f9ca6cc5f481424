using System.Collections.Concurrent;

namespace Sandbox.Orchestrator.Audit;

/// <summary>
/// Decides when a non-owner's use of a notebook is written to the audit log: once per person, session and
/// 10 minutes, not for each of the hundreds of requests a notebook page makes.
/// </summary>
internal sealed class NotebookAccessAudit(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(string Session, string Member), DateTimeOffset> _lastWritten = new();

    public bool ShouldWrite(string sessionId, string memberId)
    {
        var now = clock.GetUtcNow();
        var key = (sessionId, memberId);
        if (_lastWritten.TryGetValue(key, out var last) && now - last < Window)
        {
            return false;
        }

        _lastWritten[key] = now;
        return true;
    }
}
