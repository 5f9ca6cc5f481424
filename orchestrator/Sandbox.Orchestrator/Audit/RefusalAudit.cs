using System.Collections.Concurrent;

namespace Sandbox.Orchestrator.Audit;

/// <summary>
/// Writes refused attempts (a bad token, sharing someone else's session, another site's request to a notebook) to the
/// audit log: the first of a kind from one caller and one target per minute. Every attempt is still refused; the log keeps the
/// evidence without letting a flood of bad requests flood the log.
/// </summary>
internal sealed class RefusalAudit(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<(string Who, string What, string? Target), DateTimeOffset> _lastWritten = new();

    /// <summary>Writes the event unless one for the same <paramref name="who"/>, <paramref name="what"/> and <paramref name="target"/> was written in the last minute.</summary>
    public async Task WriteAsync(
        AuditLog audit, string who, string what, string? target, string kind, string? actorId, object detail, CancellationToken cancellationToken)
    {
        if (ShouldWrite(who, what, target))
        {
            await audit.WriteAsync(kind, actorId, target, detail, cancellationToken);
        }
    }

    private bool ShouldWrite(string who, string what, string? target)
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
