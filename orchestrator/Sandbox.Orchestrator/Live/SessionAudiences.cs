using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// The mentors of each session, kept in memory so that delivering a change does not read the store: read once per
/// session, forgotten when a share is added (<see cref="SessionShared"/>, on every replica) or revoked (a replica
/// command), and read again once older than <see cref="RedisOptions.RecheckInterval"/> (at most 30 s), so a lost
/// message cannot keep a revoked mentor listening for longer. Expiry of a share is applied at delivery time.
/// </summary>
internal sealed class SessionAudiences(TimeProvider clock, IOptions<RedisOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _mentors = new(StringComparer.Ordinal);

    /// <summary>How many sessions are cached (for tests and diagnostics).</summary>
    public int Count => _mentors.Count;

    /// <summary>Who may see the session owned by <paramref name="ownerId"/> now (<see cref="SessionAudience"/>'s rule).</summary>
    public async ValueTask<IReadOnlySet<string>> OfAsync(string sessionId, string ownerId, Func<SandboxDbContext> store, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!_mentors.TryGetValue(sessionId, out var entry) || now - entry.ReadAt >= options.Value.RecheckInterval)
        {
            var shares = await store().SessionShares.AsNoTracking()
                .Where(s => s.SessionId == sessionId && s.RevokedAt == null).ToListAsync(cancellationToken);
            entry = new Entry(shares, now);
            _mentors[sessionId] = entry;
        }

        return SessionAudience.Of(ownerId, entry.Shares, now);
    }

    /// <summary>Reads the session's shares again at its next change.</summary>
    public void Forget(string sessionId) => _mentors.TryRemove(sessionId, out _);

    /// <summary>Drops every entry read longer ago than the re-check interval (they would be read again anyway).</summary>
    public void DropStale()
    {
        var oldest = clock.GetUtcNow() - options.Value.RecheckInterval;
        foreach (var (sessionId, entry) in _mentors)
        {
            if (entry.ReadAt < oldest)
            {
                _mentors.TryRemove(new KeyValuePair<string, Entry>(sessionId, entry));
            }
        }
    }

    private sealed record Entry(IReadOnlyList<Sharing.SessionShare> Shares, DateTimeOffset ReadAt);
}
