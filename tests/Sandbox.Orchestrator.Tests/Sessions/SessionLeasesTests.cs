using Microsoft.Extensions.Time.Testing;
using Sandbox.Testing.Containers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>
/// Session leases between replicas sharing one store, on SQLite and on a real PostgreSQL (a throwaway server for this class, <see cref="PostgresServerFixture"/>): one
/// holder at a time, takeover after expiry with a new epoch, and the fence that keeps the old holder from writing.
/// </summary>
public sealed class SessionLeasesTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly ReconcilerOptions Timing = new() { LeaseLength = TimeSpan.FromSeconds(10), LeaseRenewInterval = TimeSpan.FromSeconds(3) };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly ReplicaIdentity _a = new();
    private readonly ReplicaIdentity _b = new();

    [Fact]
    public async Task One_replica_holds_a_session_until_its_lease_runs_out_on_sqlite() =>
        await OnSqliteAsync(OneHolderUntilExpiryAsync);

    [Fact]
    public async Task One_replica_holds_a_session_until_its_lease_runs_out_on_postgresql() =>
        await OnPostgresAsync(OneHolderUntilExpiryAsync);

    [Fact]
    public async Task Renewing_keeps_a_lease_and_releasing_hands_it_over_at_once() => await OnSqliteAsync(async options =>
    {
        var id = await AddSessionAsync(options);
        Assert.Equal(1, (await WithAsync(options, _a, l => l.TryAcquireAsync(id, default)))!.Value.Epoch);

        // 1. Renewed before it ends, the lease outlives its first length.
        _clock.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(1, await WithAsync(options, _a, l => l.RenewAllAsync(default)));
        _clock.Advance(TimeSpan.FromSeconds(8));
        Assert.Null(await WithAsync(options, _b, l => l.TryAcquireAsync(id, default)));
        Assert.Empty(await WithAsync(options, _b, l => l.UnheldAsync(default)));

        // 2. Released (a graceful shutdown), another replica takes it without waiting, under the next epoch.
        Assert.Equal([id], await WithAsync(options, _a, l => l.ReleaseAllAsync(default)));
        Assert.Equal([id], await WithAsync(options, _b, l => l.UnheldAsync(default)));
        Assert.Equal(new SessionLease(id, 2), await WithAsync(options, _b, l => l.TryAcquireAsync(id, default)));
    });

    [Fact]
    public async Task The_holder_finds_stop_requests_of_its_sessions_only() => await OnSqliteAsync(async options =>
    {
        var mine = await AddSessionAsync(options);
        var theirs = await AddSessionAsync(options);
        await WithAsync(options, _a, l => l.TryAcquireAsync(mine, default));
        await WithAsync(options, _b, l => l.TryAcquireAsync(theirs, default));
        Assert.Empty(await WithAsync(options, _a, l => l.HeldStopRequestsAsync(default)));

        await using (var db = new SandboxDbContext(options))
        {
            foreach (var session in await db.Sessions.ToListAsync())
            {
                session.RequestStop(_clock.GetUtcNow());
            }

            await db.SaveChangesAsync();
        }

        Assert.Equal([mine], await WithAsync(options, _a, l => l.HeldStopRequestsAsync(default)));
        Assert.Equal([theirs], await WithAsync(options, _b, l => l.HeldStopRequestsAsync(default)));
    });

    [Fact]
    public async Task A_fenced_write_that_ends_the_session_releases_its_lease() => await OnSqliteAsync(async options =>
    {
        var id = await AddSessionAsync(options);
        await using var db = new SandboxDbContext(options);
        var leases = Leases(db, _a);
        var lease = (await leases.TryAcquireAsync(id, default))!.Value;
        var session = await db.Sessions.SingleAsync(s => s.Id == id);
        session.Fail("start_failed", "test", _clock.GetUtcNow());

        await leases.SaveFencedAsync(lease, release: true, default);

        Assert.False(await db.SessionLeases.AnyAsync());
        Assert.Empty(await WithAsync(options, _b, l => l.UnheldAsync(default))); // ended sessions are nobody's business
    });

    [Fact]
    public async Task On_postgresql_a_fenced_write_holds_off_a_takeover_until_it_commits()
    {
        await OnPostgresAsync(async options =>
        {
            var id = await AddSessionAsync(options);
            var lease = (await WithAsync(options, _a, l => l.TryAcquireAsync(id, default)))!.Value;

            // 1. A's fenced write begins a moment before its lease would end, and stops inside its transaction, after the
            //    lease row was checked and extended (the gate is in SaveChanges, which runs after the check).
            _clock.Advance(TimeSpan.FromSeconds(9));
            var gate = new SaveGate();
            await using var dbA = new SandboxDbContext(new DbContextOptionsBuilder<SandboxDbContext>(options).AddInterceptors(gate).Options);
            var session = await dbA.Sessions.SingleAsync(s => s.Id == id);
            session.BeginProvisioning(_clock.GetUtcNow());
            var writing = Leases(dbA, _a).SaveFencedAsync(lease, release: false, default);
            await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // 2. The old expiry has passed: B tries to take over, and waits on the row A's transaction holds.
            _clock.Advance(TimeSpan.FromSeconds(2));
            await using var dbB = new SandboxDbContext(options);
            var takeover = Leases(dbB, _b).TryAcquireAsync(id, default);
            await UntilAWriterWaitsOnALockAsync(options);
            Assert.False(takeover.IsCompleted);

            // 3. A commits: its write is in, its lease extended, so B finds it held.
            gate.Release.SetResult();
            await writing;
            Assert.Null(await takeover);
            await using var check = new SandboxDbContext(options);
            Assert.Equal(SessionState.Provisioning, (await check.Sessions.SingleAsync(s => s.Id == id)).State);
            var row = await check.SessionLeases.SingleAsync(l => l.SessionId == id);
            Assert.Equal((_a.Id, 1L), (row.Holder, row.Epoch));
        });
    }

    [Fact]
    public void Lease_timing_is_validated()
    {
        Assert.Empty(new ReconcilerOptions().Problems());
        Assert.Contains(new ReconcilerOptions { LeaseRenewInterval = TimeSpan.FromSeconds(6) }.Problems(), p => p.Contains("at most half", StringComparison.Ordinal));
        Assert.Contains(new ReconcilerOptions { LeaseLength = TimeSpan.Zero }.Problems(), p => p.Contains("must be positive", StringComparison.Ordinal));
        Assert.Contains(new ReconcilerOptions { LeaseScanInterval = TimeSpan.FromSeconds(-1) }.Problems(), p => p.Contains("must be positive", StringComparison.Ordinal));
    }

    private async Task OneHolderUntilExpiryAsync(DbContextOptions<SandboxDbContext> options)
    {
        var id = await AddSessionAsync(options);
        Assert.Equal([id], await WithAsync(options, _a, l => l.UnheldAsync(default)));

        // 1. A takes the new session's lease (epoch 1); B cannot; A taking it again keeps the epoch.
        var first = await WithAsync(options, _a, l => l.TryAcquireAsync(id, default));
        Assert.Equal(new SessionLease(id, 1), first);
        Assert.Null(await WithAsync(options, _b, l => l.TryAcquireAsync(id, default)));
        Assert.Equal(first, await WithAsync(options, _a, l => l.TryAcquireAsync(id, default)));
        Assert.Empty(await WithAsync(options, _b, l => l.UnheldAsync(default)));

        // 2. A stops renewing (paused, or dead): once the lease has run out the session is unheld, and B takes it over.
        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal([id], await WithAsync(options, _b, l => l.UnheldAsync(default)));
        Assert.Equal(new SessionLease(id, 2), await WithAsync(options, _b, l => l.TryAcquireAsync(id, default)));

        // 3. A wakes up: its write under epoch 1 is refused and nothing of it is saved; it cannot take the lease back.
        await using (var db = new SandboxDbContext(options))
        {
            var session = await db.Sessions.SingleAsync(s => s.Id == id);
            session.BeginProvisioning(_clock.GetUtcNow());
            var lost = await Assert.ThrowsAsync<SessionLeaseLostException>(() => Leases(db, _a).SaveFencedAsync(first!.Value, release: false, default));
            Assert.Equal(first, lost.Lease);
            await Assert.ThrowsAsync<SessionLeaseLostException>(() => Leases(db, _a).EnsureHeldAsync(first!.Value, default));
        }

        Assert.Null(await WithAsync(options, _a, l => l.TryAcquireAsync(id, default)));
        await using (var db = new SandboxDbContext(options))
        {
            Assert.Equal(SessionState.Pending, (await db.Sessions.SingleAsync(s => s.Id == id)).State);
        }

        // 4. The new holder writes under its epoch.
        await using (var db = new SandboxDbContext(options))
        {
            (await db.Sessions.SingleAsync(s => s.Id == id)).BeginProvisioning(_clock.GetUtcNow());
            await Leases(db, _b).SaveFencedAsync(new SessionLease(id, 2), release: false, default);
            Assert.Equal(SessionState.Provisioning, (await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id)).State);
        }
    }

    private SessionLeases Leases(SandboxDbContext db, ReplicaIdentity replica) => new(db, replica, _clock, Options.Create(Timing));

    private async Task<T> WithAsync<T>(DbContextOptions<SandboxDbContext> options, ReplicaIdentity replica, Func<SessionLeases, Task<T>> action)
    {
        await using var db = new SandboxDbContext(options);
        return await action(Leases(db, replica));
    }

    private async Task<string> AddSessionAsync(DbContextOptions<SandboxDbContext> options)
    {
        await using var db = new SandboxDbContext(options);
        var session = Session.Create(SessionIds.New(), "m-1", "python", new SessionSize("small", 1, 2, 0), [], "token", null, null, _clock.GetUtcNow());
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    // Waits until PostgreSQL reports a statement of this database waiting for a row lock: the signal that B is blocked.
    private static async Task UntilAWriterWaitsOnALockAsync(DbContextOptions<SandboxDbContext> options)
    {
        await using var db = new SandboxDbContext(options);
        var database = db.Database.GetDbConnection().Database;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.Database.SqlQueryRaw<int>(
                   "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = {0} AND wait_event_type = 'Lock'", database).SingleAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The takeover never waited on the lease row.");
            await Task.Delay(20); // poll interval over pg_stat_activity until the deadline
        }
    }

    private static Task OnSqliteAsync(Func<DbContextOptions<SandboxDbContext>, Task> test) => MigratedStores.OnSqliteAsync("sandbox-session-lease-", test);

    private Task OnPostgresAsync(Func<DbContextOptions<SandboxDbContext>, Task> test) => MigratedStores.OnPostgresAsync(postgres, "sandbox_slease_", test);

    /// <summary>Stops a SaveChanges (inside the fenced transaction, after the lease check) until released.</summary>
    private sealed class SaveGate : SaveChangesInterceptor
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Reached.TrySetResult();
            await Release.Task;
            return result;
        }
    }
}
