using System.Collections.Concurrent;

namespace Sandbox.Orchestrator.Audit;

/// <summary>
/// Decides when a refused attempt (a bad token, sharing someone else's session) is written to the audit log: the
/// first of a kind from one caller and one target per minute. Every attempt is still refused; the log keeps the
/// evidence without letting a flood of bad requests flood the log.
/// </summary>
internal sealed class RefusalAudit(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<(string Who, string What, string? Target), DateTimeOffset> _lastWritten = new();

    public bool ShouldWrite(string who, string what, string? target)
    {
        var now = clock.GetUtcNow();
        var key = (who, what, target);
        if (_lastWritten.TryGetValue(key, out var last) && now - last < Window)
        {
            return false;
        }

        if (_lastWritten.Count >= MaxRemembered)
        {
            _lastWritten.Clear();
        }

        _lastWritten[key] = now;
        return true;
    }
}
