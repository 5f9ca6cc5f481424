using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>
/// The lease scan takes over in the store itself (<see cref="SessionLeases.TakeOverAsync"/>, driven by
/// <see cref="SessionLeaseUpkeep.ScanAsync"/>), on SQLite and on a real PostgreSQL (a throwaway server of this class):
/// an expired lease is taken at the next epoch and a missing one at epoch 1, the queued pass then finds it already
/// holds it (same epoch), a live lease is never taken, two replicas scanning at once never both take one session, and a
/// scan takes its share of many orphans. Also the renewal on PostgreSQL (<see cref="DedicatedLeaseRenewal"/>).
/// </summary>
public sealed class SessionLeaseTakeoverTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly ReconcilerOptions Timing = new() { LeaseLength = TimeSpan.FromSeconds(10), LeaseRenewInterval = TimeSpan.FromSeconds(3) };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly ReplicaIdentity _dead = new();
    private readonly ReplicaIdentity _a = new();
    private readonly ReplicaIdentity _b = new();

    [Fact]
    public async Task The_scan_takes_an_expired_lease_at_the_next_epoch_and_the_pass_keeps_it_on_sqlite() =>
        await OnSqliteAsync(ExpiredTakenAtNextEpochAsync);

    [Fact]
    public async Task The_scan_takes_an_expired_lease_at_the_next_epoch_and_the_pass_keeps_it_on_postgresql() =>
        await OnPostgresAsync(ExpiredTakenAtNextEpochAsync);

    [Fact]
    public async Task A_live_lease_is_never_taken_and_a_missing_one_is_taken_at_epoch_one() => await OnPostgresAsync(async options =>
    {
        var live = await AddSessionAsync(options);
        var missing = await AddSessionAsync(options);
        var held = (await WithAsync(options, _dead, l => l.TryAcquireAsync(live, default)))!.Value;

        // A moment before it runs out the lease is still its holder's, whatever the scan is asked to take.
        _clock.Advance(Timing.LeaseLength - TimeSpan.FromMilliseconds(1));
        var taken = await WithAsync(options, _a, l => l.TakeOverAsync([live, missing], default));

        Assert.Equal([new SessionLease(missing, 1)], taken);
        Assert.Equal((_dead.Id, held.Epoch), await RowAsync(options, live));
        Assert.Equal((_a.Id, 1L), await RowAsync(options, missing));
    });

    [Fact]
    public async Task Two_replicas_scanning_at_once_on_postgresql_never_both_take_one_session()
    {
        await OnPostgresAsync(async options =>
        {
            // Forty sessions of a replica that died (expired leases) and forty new ones (no lease yet).
            var expired = new List<string>();
            var missing = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                expired.Add(await AddSessionAsync(options));
                missing.Add(await AddSessionAsync(options));
                await WithAsync(options, _dead, l => l.TryAcquireAsync(expired[^1], default));
            }

            _clock.Advance(TimeSpan.FromSeconds(11));
            var all = expired.Concat(missing).ToList();

            // Both replicas try every session at the same moment, in opposite orders so that they meet in the middle.
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var byA = TakeWhenToldAsync(options, _a, all, start.Task);
            var byB = TakeWhenToldAsync(options, _b, Enumerable.Reverse(all).ToList(), start.Task);
            start.SetResult();
            var (takenByA, takenByB) = (await byA, await byB);

            // Every session taken once, by the replica its row names, at the epoch after the dead one's (or 1 when new).
            Assert.Empty(takenByA.Select(l => l.SessionId).Intersect(takenByB.Select(l => l.SessionId)));
            Assert.Equal(all.Order(StringComparer.Ordinal), takenByA.Concat(takenByB).Select(l => l.SessionId).Order(StringComparer.Ordinal));
            Assert.NotEmpty(takenByA);
            Assert.NotEmpty(takenByB);
            foreach (var (lease, holder) in takenByA.Select(l => (l, _a)).Concat(takenByB.Select(l => (l, _b))))
            {
                Assert.Equal((holder.Id, expired.Contains(lease.SessionId) ? 2L : 1L), await RowAsync(options, lease.SessionId));
                Assert.Equal(lease.Epoch, (await RowAsync(options, lease.SessionId)).Epoch);
            }
        });
    }

    [Fact]
    public async Task On_postgresql_leases_are_renewed_on_a_connection_of_their_own_and_a_row_a_write_holds_is_skipped_not_waited_for() =>
        await OnPostgresAsync(async options =>
        {
            var free = await AddSessionAsync(options);
            var held = await AddSessionAsync(options);
            await WithAsync(options, _a, l => l.TryAcquireAsync(free, default));
            await WithAsync(options, _a, l => l.TryAcquireAsync(held, default));
            var first = await ExpiresAtAsync(options, held);
            _clock.Advance(TimeSpan.FromSeconds(5));
            var renewedUntil = _clock.GetUtcNow() + Timing.LeaseLength;

            // A fenced write of this replica in progress holds one lease row locked.
            await using var writer = new SandboxDbContext(options);
            await using var write = await writer.Database.BeginTransactionAsync();
            await writer.Database.ExecuteSqlAsync($"SELECT 1 FROM session_leases WHERE \"SessionId\" = {held} FOR UPDATE");

            using var renewal = new DedicatedLeaseRenewal(
                Options.Create(new StoreOptions { Provider = "postgres", ConnectionString = writer.Database.GetConnectionString() }), _a, _clock,
                Options.Create(new ReconcilerOptions { LeaseLength = Timing.LeaseLength, LeaseRenewInterval = TimeSpan.FromMilliseconds(100) }),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<DedicatedLeaseRenewal>.Instance);
            using var stop = new CancellationTokenSource();
            var running = renewal.RunAsync(stop.Token);
            try
            {
                // 1. The free lease is renewed while the write goes on; the held one is left to the write, not waited for.
                await UntilAsync(async () => await ExpiresAtAsync(options, free) == renewedUntil, "the free lease renewed");
                Assert.Equal(first, await ExpiresAtAsync(options, held));

                // 2. The write ends: the next renewal takes that row too.
                await write.RollbackAsync();
                await UntilAsync(async () => await ExpiresAtAsync(options, held) == renewedUntil, "the lease renewed once the write ended");
            }
            finally
            {
                await stop.CancelAsync();
                await running;
            }
        });

    [Fact]
    public async Task A_scan_takes_its_share_of_many_orphans_queues_what_it_took_and_leaves_the_rest_to_the_next_scans() => await OnSqliteAsync(async options =>
    {
        // Thirty sessions of a dead replica; one session held by a replica that lives.
        var orphans = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            orphans.Add(await AddSessionAsync(options));
            await WithAsync(options, _dead, l => l.TryAcquireAsync(orphans[^1], default));
        }

        _clock.Advance(TimeSpan.FromSeconds(11));
        var alive = await AddSessionAsync(options);
        await WithAsync(options, _b, l => l.TryAcquireAsync(alive, default));

        await using var services = Services(options, _a);
        var upkeep = services.GetRequiredService<SessionLeaseUpkeep>();
        var queue = services.GetRequiredService<ReconcileQueue>();

        // 1. Two replicas hold live leases (A and B): A takes half of the thirty, and queues exactly those.
        await upkeep.ScanAsync(default);
        var mine = await HeldByAsync(options, _a);
        Assert.Equal(15, mine.Count);
        Assert.All(mine, id => Assert.Contains(id, orphans));
        var queued = new List<string>();
        for (var i = 0; i < mine.Count; i++)
        {
            queued.Add(await queue.DequeueAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token));
        }

        Assert.Equal(mine.Order(StringComparer.Ordinal), queued.Order(StringComparer.Ordinal));

        // 2. The next scan: fifteen left, of which A takes ten (a share is never less than what a scan takes whole); the
        //    one after takes the last five.
        await upkeep.ScanAsync(default);
        Assert.Equal(25, (await HeldByAsync(options, _a)).Count);
        await upkeep.ScanAsync(default);
        Assert.Equal(30, (await HeldByAsync(options, _a)).Count);
        Assert.Equal((_b.Id, 1L), await RowAsync(options, alive));
    });

    [Fact]
    public async Task A_scan_names_when_the_first_lease_of_another_replica_runs_out_and_the_next_scan_comes_just_after() => await OnPostgresAsync(async options =>
    {
        var (first, later, own) = (await AddSessionAsync(options), await AddSessionAsync(options), await AddSessionAsync(options));
        var interval = new ReconcilerOptions().LeaseScanInterval;
        await using var services = Services(options, _a);
        var upkeep = services.GetRequiredService<SessionLeaseUpkeep>();

        // B holds one lease; 4 s later it holds another and A one of its own: the first of B's runs out first.
        var firstExpiry = _clock.GetUtcNow() + Timing.LeaseLength;
        await WithAsync(options, _b, l => l.TryAcquireAsync(first, default));
        _clock.Advance(TimeSpan.FromSeconds(4));
        await WithAsync(options, _b, l => l.TryAcquireAsync(later, default));
        await WithAsync(options, _a, l => l.TryAcquireAsync(own, default));

        var next = await upkeep.ScanAsync(default);
        Assert.Equal(firstExpiry.ToUnixTimeMilliseconds(), next!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(interval, SessionLeaseUpkeep.NextScanDelay(_clock.GetUtcNow(), next, interval)); // 6 s away: a whole interval

        // 5 s on, B's first lease runs out in 1 s: the next scan comes just after it, and takes the session over.
        _clock.Advance(TimeSpan.FromSeconds(5));
        var delay = SessionLeaseUpkeep.NextScanDelay(_clock.GetUtcNow(), await upkeep.ScanAsync(default), interval);
        Assert.InRange(delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
        _clock.Advance(delay);
        await upkeep.ScanAsync(default);
        Assert.Equal((_a.Id, 2L), await RowAsync(options, first));
        Assert.Equal((_b.Id, 1L), await RowAsync(options, later));
    });

    [Fact]
    public void The_next_scan_is_an_interval_away_unless_a_lease_of_another_replica_runs_out_sooner()
    {
        var now = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        var interval = TimeSpan.FromSeconds(2);
        Assert.Equal(interval, SessionLeaseUpkeep.NextScanDelay(now, null, interval));
        Assert.Equal(interval, SessionLeaseUpkeep.NextScanDelay(now, now.AddSeconds(7), interval));
        Assert.Equal(TimeSpan.FromMilliseconds(520), SessionLeaseUpkeep.NextScanDelay(now, now.AddMilliseconds(500), interval));
        Assert.Equal(TimeSpan.FromMilliseconds(100), SessionLeaseUpkeep.NextScanDelay(now, now.AddMilliseconds(1), interval)); // never a busy loop
    }

    [Fact]
    public void The_share_of_a_scan_is_everything_when_few_and_a_fair_part_when_many()
    {
        Assert.Equal(0, SessionLeaseUpkeep.ShareOf(0, 3));
        Assert.Equal(7, SessionLeaseUpkeep.ShareOf(7, 3));
        Assert.Equal(SessionLeaseUpkeep.TakeAllUpTo, SessionLeaseUpkeep.ShareOf(SessionLeaseUpkeep.TakeAllUpTo, 2));
        Assert.Equal(12, SessionLeaseUpkeep.ShareOf(12, 1));
        Assert.Equal(SessionLeaseUpkeep.TakeAllUpTo, SessionLeaseUpkeep.ShareOf(12, 2));
        Assert.Equal(334, SessionLeaseUpkeep.ShareOf(1000, 3));
    }

    private async Task ExpiredTakenAtNextEpochAsync(DbContextOptions<SandboxDbContext> options)
    {
        var id = await AddSessionAsync(options);
        var old = (await WithAsync(options, _dead, l => l.TryAcquireAsync(id, default)))!.Value;
        _clock.Advance(TimeSpan.FromSeconds(11));

        // 1. The scan takes it: this replica, the next epoch, in the store before any pass runs.
        Assert.Equal([new SessionLease(id, old.Epoch + 1)], await WithAsync(options, _a, l => l.TakeOverAsync([id], default)));
        Assert.Equal((_a.Id, old.Epoch + 1), await RowAsync(options, id));

        // 2. Another replica scanning a moment later finds it held; the queued pass on A keeps the epoch it was taken at.
        Assert.Empty(await WithAsync(options, _b, l => l.TakeOverAsync([id], default)));
        Assert.Empty(await WithAsync(options, _b, l => l.UnheldAsync(default)));
        Assert.Equal(new SessionLease(id, old.Epoch + 1), await WithAsync(options, _a, l => l.TryAcquireAsync(id, default)));

        // 3. The dead holder's epoch is fenced off.
        await using var db = new SandboxDbContext(options);
        await Assert.ThrowsAsync<SessionLeaseLostException>(() => Leases(db, _dead).EnsureHeldAsync(old, default));
    }

    private async Task<IReadOnlyList<SessionLease>> TakeWhenToldAsync(DbContextOptions<SandboxDbContext> options, ReplicaIdentity replica, IReadOnlyList<string> ids, Task go)
    {
        await go;
        await using var db = new SandboxDbContext(options);
        return await Leases(db, replica).TakeOverAsync(ids, default);
    }

    private ServiceProvider Services(DbContextOptions<SandboxDbContext> options, ReplicaIdentity replica)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(options);
        services.AddScoped<SandboxDbContext>();
        services.AddSingleton(replica);
        services.AddSingleton(Options.Create(Timing));
        services.AddScoped<SessionLeases>();
        services.AddSingleton<ReconcileQueue>();
        services.AddSingleton<IReconcileNudges, InProcessReconcileNudges>();
        services.AddSingleton<LeasesHeldElsewhere>();
        services.AddSingleton(Options.Create(new StoreOptions())); // SQLite: renewals run in the upkeep's loop
        services.AddSingleton<DedicatedLeaseRenewal>();
        services.AddSingleton<SessionLeaseUpkeep>();
        return services.BuildServiceProvider();
    }

    private SessionLeases Leases(SandboxDbContext db, ReplicaIdentity replica) => new(db, replica, _clock, Options.Create(Timing));

    private async Task<T> WithAsync<T>(DbContextOptions<SandboxDbContext> options, ReplicaIdentity replica, Func<SessionLeases, Task<T>> action)
    {
        await using var db = new SandboxDbContext(options);
        return await action(Leases(db, replica));
    }

    private static async Task<(string Holder, long Epoch)> RowAsync(DbContextOptions<SandboxDbContext> options, string sessionId)
    {
        await using var db = new SandboxDbContext(options);
        var row = await db.SessionLeases.AsNoTracking().SingleAsync(l => l.SessionId == sessionId);
        return (row.Holder, row.Epoch);
    }

    private static async Task<DateTimeOffset> ExpiresAtAsync(DbContextOptions<SandboxDbContext> options, string sessionId)
    {
        await using var db = new SandboxDbContext(options);
        return await db.SessionLeases.AsNoTracking().Where(l => l.SessionId == sessionId).Select(l => l.ExpiresAt).SingleAsync();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within 20 s: {what}");
            await Task.Delay(50); // poll interval over the lease table until the condition or the deadline
        }
    }

    private static async Task<List<string>> HeldByAsync(DbContextOptions<SandboxDbContext> options, ReplicaIdentity replica)
    {
        await using var db = new SandboxDbContext(options);
        return await db.SessionLeases.AsNoTracking().Where(l => l.Holder == replica.Id).Select(l => l.SessionId).ToListAsync();
    }

    private async Task<string> AddSessionAsync(DbContextOptions<SandboxDbContext> options)
    {
        await using var db = new SandboxDbContext(options);
        var session = Session.Create(SessionIds.New(), "m-1", "python", new SessionSize("small", 1, 2, 0), [], "token", null, null, _clock.GetUtcNow());
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    private static Task OnSqliteAsync(Func<DbContextOptions<SandboxDbContext>, Task> test) => MigratedStores.OnSqliteAsync("sandbox-lease-takeover-", test);

    private Task OnPostgresAsync(Func<DbContextOptions<SandboxDbContext>, Task> test) => MigratedStores.OnPostgresAsync(postgres, "sandbox_takeover_", test);
}
