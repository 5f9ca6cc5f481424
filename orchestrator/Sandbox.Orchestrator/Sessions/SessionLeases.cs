using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// The session leases in the store every replica shares: who reconciles which live session, and the fence that keeps a
/// replica that lost a lease from writing. Every statement is one conditional UPDATE, INSERT or DELETE, so the database
/// decides between replicas racing for the same row; on PostgreSQL the fenced write holds the lease row locked until
/// its transaction commits, so no takeover can slip in between the check and the write.
/// </summary>
/// <remarks>
/// Instants are this replica's clock: replicas' clocks must agree to well within the lease length (NTP). The fence
/// itself does not depend on clocks: a write goes through only while the row still names this replica and the epoch
/// the pass started under, and a takeover changes both.
/// </remarks>
internal sealed class SessionLeases(SandboxDbContext db, ReplicaIdentity replica, TimeProvider clock, IOptions<ReconcilerOptions> options)
{
    private TimeSpan Length => options.Value.LeaseLength;

    // Half the lease: a takeover waits at most that long for a paused holder's open transaction.
    private TimeSpan IdleInFenceLimit => Length / 2;

    /// <summary>
    /// Takes or renews the session's lease for this replica: when nobody holds it, when its hold has ended, or when it
    /// is already ours. The epoch grows by one when the holder changes. Null when another replica holds it.
    /// </summary>
    public async Task<SessionLease?> TryAcquireAsync(string sessionId, CancellationToken cancellationToken)
    {
        var me = replica.Id;
        var now = clock.GetUtcNow();
        var until = now + Length;

        // 1. An existing row: ours, or expired (every SET reads the row as it was, so the epoch compares the old holder).
        var taken = await db.SessionLeases
            .Where(l => l.SessionId == sessionId && (l.Holder == me || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.Epoch, l => l.Holder == me ? l.Epoch : l.Epoch + 1)
                .SetProperty(l => l.Holder, me)
                .SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            var epoch = await db.SessionLeases.AsNoTracking()
                .Where(l => l.SessionId == sessionId && l.Holder == me).Select(l => (long?)l.Epoch).FirstOrDefaultAsync(cancellationToken);
            return epoch is { } e ? new SessionLease(sessionId, e) : null;
        }

        if (await db.SessionLeases.AnyAsync(l => l.SessionId == sessionId, cancellationToken))
        {
            return null;
        }

        // 2. No row yet (a session whose holder let go): create it; a replica that created it first wins, and the others'
        //    inserts do nothing (not a failed save, which EF would log as an error).
        return await InsertAsync(sessionId, me, until, cancellationToken) ? new SessionLease(sessionId, 1) : null;
    }

    /// <summary>
    /// Takes over, for this replica, the lease of each of <paramref name="sessionIds"/> that is missing or has run out, in
    /// one conditional statement per session: an expired row gets this replica at the next epoch (the same epoch when the
    /// expired hold was this replica's own), a missing row is inserted at epoch 1. A lease that is live is left alone,
    /// and of replicas scanning at once only one wins each session (on PostgreSQL the second update waits for the first's
    /// row and then finds it live; the insert of a row that appeared meanwhile does nothing). Returns the leases taken.
    /// </summary>
    public async Task<IReadOnlyList<SessionLease>> TakeOverAsync(IEnumerable<string> sessionIds, CancellationToken cancellationToken)
    {
        var me = replica.Id;
        var taken = new List<SessionLease>();
        foreach (var sessionId in sessionIds)
        {
            var now = clock.GetUtcNow();
            var expired = await db.SessionLeases
                .Where(l => l.SessionId == sessionId && l.ExpiresAt <= now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.Epoch, l => l.Holder == me ? l.Epoch : l.Epoch + 1)
                    .SetProperty(l => l.Holder, me)
                    .SetProperty(l => l.ExpiresAt, now + Length), cancellationToken);
            if (expired == 0 && !await InsertAsync(sessionId, me, now + Length, cancellationToken))
            {
                // No row at all (a session whose holder forgot it): the first insert wins, the others do nothing.
                continue;
            }

            var epoch = await db.SessionLeases.AsNoTracking()
                .Where(l => l.SessionId == sessionId && l.Holder == me).Select(l => (long?)l.Epoch).FirstOrDefaultAsync(cancellationToken);
            if (epoch is { } e)
            {
                taken.Add(new SessionLease(sessionId, e));
            }
        }

        return taken;
    }

    /// <summary>How many other replicas hold a live lease now: the ones known to be alive, among which orphans are shared.</summary>
    public Task<int> OtherLiveHoldersAsync(CancellationToken cancellationToken)
    {
        var me = replica.Id;
        var now = clock.GetUtcNow();
        return db.SessionLeases.Where(l => l.Holder != me && l.ExpiresAt > now).Select(l => l.Holder).Distinct().CountAsync(cancellationToken);
    }

    /// <summary>
    /// When the first live lease another replica holds runs out, or null when none does: the moment a scan should look
    /// again, so the sessions of a replica that died are taken over as soon as its leases run out rather than up to one
    /// scan interval later. A live replica renews long before this, so its leases keep this well in the future.
    /// </summary>
    public async Task<DateTimeOffset?> NextForeignExpiryAsync(CancellationToken cancellationToken)
    {
        var me = replica.Id;
        var now = clock.GetUtcNow();
        var next = await db.SessionLeases.Where(l => l.Holder != me && l.ExpiresAt > now)
            .OrderBy(l => l.ExpiresAt).Select(l => (DateTimeOffset?)l.ExpiresAt).FirstOrDefaultAsync(cancellationToken);
        return next;
    }

    /// <summary>
    /// Saves the context's changes only while this replica still holds <paramref name="lease"/> (same holder, same epoch,
    /// not expired), in one transaction with the check, which also extends the hold; with <paramref name="release"/> the
    /// lease is let go in the same transaction (the session has ended). Throws <see cref="SessionLeaseLostException"/>,
    /// with nothing saved, when the lease was lost.
    /// </summary>
    public async Task SaveFencedAsync(SessionLease lease, bool release, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // The lease row stays locked until this transaction ends. A replica paused in the middle of it (SIGSTOP, a
            // frozen VM) would hold every takeover off for as long as it sleeps: the server ends such a transaction
            // (rolling it back) once it idles this long, and the pass fails when the replica wakes.
            await db.Database.ExecuteSqlRawAsync(string.Concat(
                "SET LOCAL idle_in_transaction_session_timeout = ",
                ((long)IdleInFenceLimit.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        }

        if (await ExtendAsync(lease, cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new SessionLeaseLostException(lease);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (release)
        {
            await Mine(lease).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Checks (and extends) the hold right before a runtime mutation, so the window in which a replica that lost the lease
    /// could still act on the runtime is as small as the store allows. Throws <see cref="SessionLeaseLostException"/>.
    /// </summary>
    public async Task EnsureHeldAsync(SessionLease lease, CancellationToken cancellationToken)
    {
        if (await ExtendAsync(lease, cancellationToken) == 0)
        {
            throw new SessionLeaseLostException(lease);
        }
    }

    /// <summary>Lets go of one lease (the session it names has ended or is gone).</summary>
    public Task ReleaseAsync(SessionLease lease, CancellationToken cancellationToken) => Mine(lease).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Renews every lease this replica holds, in one statement; returns how many.</summary>
    public Task<int> RenewAllAsync(CancellationToken cancellationToken)
    {
        var me = replica.Id;
        var until = clock.GetUtcNow() + Length;
        return db.SessionLeases.Where(l => l.Holder == me).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), cancellationToken);
    }

    /// <summary>
    /// Lets go of every lease this replica holds (graceful shutdown); returns the sessions they named. The rows stay, run
    /// out: the next holder takes them with the next epoch, so epochs never repeat for a session.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReleaseAllAsync(CancellationToken cancellationToken)
    {
        var me = replica.Id;
        var held = await db.SessionLeases.AsNoTracking().Where(l => l.Holder == me).Select(l => l.SessionId).ToListAsync(cancellationToken);
        var ended = DateTimeOffset.UnixEpoch;
        await db.SessionLeases.Where(l => l.Holder == me).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, ended), cancellationToken);
        return held;
    }

    /// <summary>
    /// Forgets every other holder's lease. Only for the embedded store (SQLite), which serves one process: a lease there
    /// that is not ours is a previous life's of this process, and waiting for it to expire would only delay recovery.
    /// </summary>
    public Task<int> ForgetOtherHoldersAsync(CancellationToken cancellationToken)
    {
        var me = replica.Id;
        return db.SessionLeases.Where(l => l.Holder != me).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Live sessions whose lease is missing or expired: nobody reconciles them (a new session, or its holder died).</summary>
    public async Task<IReadOnlyList<string>> UnheldAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await LiveSessions()
            .Where(s => !db.SessionLeases.Any(l => l.SessionId == s.Id && l.ExpiresAt > now))
            .Select(s => s.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Live sessions this replica holds or nobody holds: the ones a resync here should look at.</summary>
    public async Task<IReadOnlyList<string>> HeldHereOrUnheldAsync(CancellationToken cancellationToken)
    {
        var me = replica.Id;
        var now = clock.GetUtcNow();
        return await LiveSessions()
            .Where(s => !db.SessionLeases.Any(l => l.SessionId == s.Id && l.Holder != me && l.ExpiresAt > now))
            .Select(s => s.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Sessions this replica holds whose stop was asked for and not yet begun: the desired-state change a nudge carries,
    /// found through the store when the nudge did not arrive. Few rows (a stop is carried out within seconds), found
    /// through the state index and the lease's key.
    /// </summary>
    public async Task<IReadOnlyList<string>> HeldStopRequestsAsync(CancellationToken cancellationToken)
    {
        var me = replica.Id;
        return await db.Sessions.AsNoTracking()
            .Where(s => s.StopRequested
                && (s.State == SessionState.Pending || s.State == SessionState.Provisioning || s.State == SessionState.Running)
                && db.SessionLeases.Any(l => l.SessionId == s.Id && l.Holder == me))
            .Select(s => s.Id).ToListAsync(cancellationToken);
    }

    private IQueryable<Session> LiveSessions() =>
        db.Sessions.AsNoTracking().Where(s => s.State != SessionState.Stopped && s.State != SessionState.Failed);

    private IQueryable<SessionLeaseRecord> Mine(SessionLease lease)
    {
        var me = replica.Id;
        return db.SessionLeases.Where(l => l.SessionId == lease.SessionId && l.Holder == me && l.Epoch == lease.Epoch);
    }

    /// <summary>Inserts a lease row at epoch 1 unless the session has one; whether this insert made it.</summary>
    private async Task<bool> InsertAsync(string sessionId, string holder, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var expiresAt = until.ToUnixTimeMilliseconds(); // stored as milliseconds (the record's value converter)
        return await db.Database.ExecuteSqlAsync(
            $"INSERT INTO session_leases (\"SessionId\", \"Holder\", \"Epoch\", \"ExpiresAt\") VALUES ({sessionId}, {holder}, 1, {expiresAt}) ON CONFLICT (\"SessionId\") DO NOTHING",
            cancellationToken) == 1;
    }

    private Task<int> ExtendAsync(SessionLease lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + Length;
        return Mine(lease).Where(l => l.ExpiresAt > now).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), cancellationToken);
    }
}
