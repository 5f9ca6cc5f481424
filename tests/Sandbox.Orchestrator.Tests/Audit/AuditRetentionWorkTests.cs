using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Tests.Audit;

/// <summary>
/// The audit retention pass over a real, migrated SQLite store: entries older than the retention go (more than one
/// batch of them), entries within it stay, and a pass with nothing old changes nothing.
/// </summary>
public sealed class AuditRetentionWorkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-audit-").FullName;
    private readonly DbContextOptions<SandboxDbContext> _options;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    public AuditRetentionWorkTests()
    {
        _options = new DbContextOptionsBuilder<SandboxDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dir, "a.db")}")
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
        using var db = new SandboxDbContext(_options);
        db.Database.Migrate();
    }

    [Fact]
    public async Task Entries_older_than_the_retention_are_deleted_in_batches_and_newer_ones_stay()
    {
        var retention = TimeSpan.FromDays(365);
        var now = _clock.GetUtcNow();
        var old = AuditRetentionWork.Batch + 7; // more than one batch
        await using (var db = new SandboxDbContext(_options))
        {
            db.AuditEvents.AddRange(Enumerable.Range(0, old).Select(i => Entry(now - retention - TimeSpan.FromMinutes(1 + i), "old")));
            db.AuditEvents.Add(Entry(now - retention + TimeSpan.FromSeconds(1), "just-within"));
            db.AuditEvents.Add(Entry(now, "new"));
            await db.SaveChangesAsync();
        }

        await RunAsync(retention);

        await using (var db = new SandboxDbContext(_options))
        {
            Assert.Equal(["just-within", "new"], await db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        }

        // A day later the entry that was just within is old too; the newest stays.
        _clock.Advance(TimeSpan.FromDays(1));
        await RunAsync(retention);
        await using (var db = new SandboxDbContext(_options))
        {
            Assert.Equal(["new"], await db.AuditEvents.Select(e => e.Kind).ToListAsync());
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task RunAsync(TimeSpan retention)
    {
        await using var db = new SandboxDbContext(_options);
        await new AuditRetentionWork(db, Options.Create(new AuditOptions { Retention = retention }), _clock, NullLogger<AuditRetentionWork>.Instance)
            .RunAsync(CancellationToken.None);
    }

    private static AuditEvent Entry(DateTimeOffset at, string kind) => new() { At = at, Kind = kind, Detail = "{}" };
}
