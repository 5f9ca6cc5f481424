using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Billing;

/// <summary>
/// Makes admission race-free: a member's launches are decided one at a time, each inside a store transaction that
/// also holds a store-level lock (PostgreSQL: an advisory lock per member, so several replicas agree; SQLite: the
/// immediate write transaction). Two launches at the same instant cannot both see the same free seat or budget.
/// </summary>
internal sealed class AdmissionGate(SandboxDbContext db, AdmissionGate.MemberLocks locks)
{
    /// <summary>One semaphore per member, shared by every request of this process.</summary>
    internal sealed class MemberLocks
    {
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

        public SemaphoreSlim For(string memberId) => _locks.GetOrAdd(memberId, _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>Enters the member's admission; commit the transaction to keep what was decided, dispose to leave.</summary>
    public async Task<Admission> EnterAsync(string memberId, CancellationToken cancellationToken)
    {
        var semaphore = locks.For(memberId);
        await semaphore.WaitAsync(cancellationToken);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({memberId}))", cancellationToken);
            }

            return new Admission(semaphore, transaction);
        }
        catch
        {
            semaphore.Release();
            throw;
        }
    }

    /// <summary>An entered admission.</summary>
    internal sealed class Admission(SemaphoreSlim semaphore, IDbContextTransaction transaction) : IAsyncDisposable
    {
        private int _left;

        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        /// <summary>Leaves the admission (rolling back what was not committed); leaving twice is harmless.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _left, 1) == 1)
            {
                return;
            }

            await transaction.DisposeAsync();
            semaphore.Release();
        }
    }
}
