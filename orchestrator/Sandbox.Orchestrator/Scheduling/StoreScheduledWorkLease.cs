using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Scheduling;

/// <summary>
/// Leases in the store every replica shares (SQLite alone, PostgreSQL with replicas): one conditional UPDATE takes an
/// expired lease, one INSERT creates a missing one; the database decides between replicas racing for the same row.
/// </summary>
internal sealed class StoreScheduledWorkLease(SandboxDbContext db, ReplicaIdentity replica, TimeProvider clock) : IScheduledWorkLease
{
    /// <inheritdoc />
    public async Task<bool> TryTakeAsync(string name, TimeSpan length, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + length;

        // 1. Take the row when its hold has ended (or is already ours).
        var taken = await db.ScheduledWorkLeases
            .Where(l => l.Name == name && (l.ExpiresAt <= now || l.Holder == replica.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, replica.Id).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.ScheduledWorkLeases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }

        // 2. First run anywhere: create the row; a replica that created it a moment earlier wins.
        db.ScheduledWorkLeases.Add(new ScheduledWorkLeaseRecord { Name = name, Holder = replica.Id, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string name, CancellationToken cancellationToken) =>
        db.ScheduledWorkLeases.Where(l => l.Name == name && l.Holder == replica.Id).ExecuteDeleteAsync(cancellationToken);
}
