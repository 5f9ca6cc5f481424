using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Scheduling;

/// <summary>
/// Two replicas sharing one store: a period's lease goes to one of them, the other skips until the lease ends; on
/// SQLite and on a real PostgreSQL (a throwaway server for this class, <see cref="PostgresServerFixture"/>).
/// </summary>
public sealed class StoreScheduledWorkLeaseTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task One_replica_holds_a_period_on_sqlite()
    {
        var dir = Directory.CreateTempSubdirectory("sandbox-lease-").FullName;
        try
        {
            await OneReplicaHoldsAPeriodAsync(Options(o => o.UseSqlite($"Data Source={Path.Combine(dir, "s.db")}")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task One_replica_holds_a_period_on_postgresql()
    {
        var options = Options(o => o.UseNpgsql(postgres.ConnectionStringFor(PostgresServerFixture.NewDatabaseName("sandbox_lease_"))));
        try
        {
            await OneReplicaHoldsAPeriodAsync(options);
        }
        finally
        {
            await using var db = new SandboxDbContext(options);
            await db.Database.EnsureDeletedAsync();
        }
    }

    [Fact]
    public async Task Racing_replicas_take_a_new_lease_once()
    {
        var dir = Directory.CreateTempSubdirectory("sandbox-lease-").FullName;
        try
        {
            var options = Options(o => o.UseSqlite($"Data Source={Path.Combine(dir, "s.db")};Default Timeout=30"));
            await using (var db = new SandboxDbContext(options))
            {
                await db.Database.MigrateAsync();
            }

            var replicas = Enumerable.Range(0, 8).Select(_ => new ReplicaIdentity()).ToList();
            var taken = await Task.WhenAll(replicas.Select(async replica =>
            {
                await using var db = new SandboxDbContext(options);
                return await new StoreScheduledWorkLease(db, replica, _clock).TryTakeAsync("invoices", TimeSpan.FromHours(1), CancellationToken.None);
            }));

            Assert.Equal(1, taken.Count(t => t));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task OneReplicaHoldsAPeriodAsync(DbContextOptions<SandboxDbContext> options)
    {
        await using (var db = new SandboxDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        var a = new ReplicaIdentity();
        var b = new ReplicaIdentity();
        var period = TimeSpan.FromSeconds(54);

        // 1. A takes the first period; B, firing a moment later, skips; A may take it again (its own lease).
        Assert.True(await TakeAsync(options, a, "sweep", period));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await TakeAsync(options, b, "sweep", period));
        Assert.True(await TakeAsync(options, a, "sweep", period));

        // 2. Another work's lease is independent.
        Assert.True(await TakeAsync(options, b, "culling", period));

        // 3. When A's lease ends (A crashed or is slow), B takes over and A now skips.
        _clock.Advance(period);
        Assert.True(await TakeAsync(options, b, "sweep", period));
        Assert.False(await TakeAsync(options, a, "sweep", period));
    }

    private async Task<bool> TakeAsync(DbContextOptions<SandboxDbContext> options, ReplicaIdentity replica, string name, TimeSpan length)
    {
        await using var db = new SandboxDbContext(options);
        return await new StoreScheduledWorkLease(db, replica, _clock).TryTakeAsync(name, length, CancellationToken.None);
    }

    private static DbContextOptions<SandboxDbContext> Options(Action<DbContextOptionsBuilder<SandboxDbContext>> provider)
    {
        var builder = new DbContextOptionsBuilder<SandboxDbContext>();
        provider(builder);
        return builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
    }
}
