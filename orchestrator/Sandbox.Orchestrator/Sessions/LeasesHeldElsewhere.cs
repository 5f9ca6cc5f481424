using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// The sessions this replica recently found held by another live replica, each for one lease length. Every replica
/// watches the whole runtime, so without this each runtime change of a session would cost every replica but its holder
/// a pass that only finds the lease held (two statements): three replicas did 2.5 times the store work of one per launch.
/// Only runtime changes consult it; nudges, the scan and the resync always reach the queue, so a session whose holder
/// lets go or dies is still taken over in time.
/// </summary>
internal sealed class LeasesHeldElsewhere(TimeProvider clock, IOptions<ReconcilerOptions> options)
{
    /// <summary>Past this many entries, remembering also drops those that ran out (sessions that ended are never asked again).</summary>
    private const int PruneAbove = 1024;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    /// <summary>How many sessions are remembered now (ran out or not).</summary>
    public int Count => _until.Count;

    /// <summary>Remembers that another replica holds <paramref name="sessionId"/>, for one lease length from now.</summary>
    public void Remember(string sessionId)
    {
        var now = clock.GetUtcNow();
        _until[sessionId] = now + options.Value.LeaseLength;
        if (_until.Count > PruneAbove)
        {
            foreach (var (id, until) in _until)
            {
                if (until <= now)
                {
                    _until.TryRemove(KeyValuePair.Create(id, until));
                }
            }
        }
    }

    /// <summary>Forgets <paramref name="sessionId"/>: this replica holds its lease now.</summary>
    public void Forget(string sessionId) => _until.TryRemove(sessionId, out _);

    /// <summary>Whether another replica was found holding <paramref name="sessionId"/> less than a lease length ago.</summary>
    public bool Contains(string sessionId)
    {
        if (!_until.TryGetValue(sessionId, out var until))
        {
            return false;
        }

        if (clock.GetUtcNow() < until)
        {
            return true;
        }

        _until.TryRemove(KeyValuePair.Create(sessionId, until));
        return false;
    }
}
