using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Sharing;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Turns store writes into <see cref="LiveChange"/>s: a session whose visible state changed (state, progress, message,
/// reason, times), a new share, a dataset version's status. Live updates therefore follow what was stored (by the
/// reconciler, the API, the dataset builder), never the other way round. Changes are published only once they are
/// durable: after SaveChanges, or, inside a transaction, after it commits (a rolled-back launch is never announced).
/// </summary>
internal sealed class StoreChangeInterceptor(ILiveChangeFeed feed, NotebookOrigins.SandboxOrigins origins) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>The session properties <see cref="SessionView"/> shows; a write of others alone (last seen, runtime state) is not news.</summary>
    private static readonly string[] VisibleSessionProperties =
    [
        nameof(Session.State), nameof(Session.Reason), nameof(Session.Progress), nameof(Session.Message),
        nameof(Session.ReadyAt), nameof(Session.EndedAt),
    ];

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetTouched(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetTouched(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => ForgetTouched(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetTouched(eventData.Context);
        return Task.CompletedTask;
    }

    // A transaction left without commit or rollback (disposed) announces nothing: a new one starts clean.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        ForgetHeld(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        ForgetHeld(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => PublishHeld(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        PublishHeld(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => ForgetHeld(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetHeld(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ForgetHeld(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetHeld(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Before the write: which tracked rows are news (their values are read after the write, when final).</summary>
    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var pending = _pending.GetOrCreateValue(context);
        pending.Touched.Clear();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            var news = entry.Entity switch
            {
                Session => entry.State == EntityState.Added || VisibleSessionProperties.Any(p => entry.Property(p).IsModified),
                SessionShare => entry.State == EntityState.Added,
                DatasetVersionRecord => entry.State == EntityState.Added || IsModified(entry, nameof(DatasetVersionRecord.Status)),
                _ => false,
            };
            if (news)
            {
                pending.Touched.Add(entry.Entity);
            }
        }
    }

    /// <summary>After the write: publish at once, or hold until the surrounding transaction commits.</summary>
    private void Saved(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending) || pending.Touched.Count == 0)
        {
            return;
        }

        var inTransaction = context.Database.CurrentTransaction is not null;
        foreach (var entity in pending.Touched)
        {
            LiveChange? change = entity switch
            {
                Session session => new SessionChanged(session.OwnerId, AsStored(SessionView.Of(session, origins))),
                SessionShare share => new SessionShared(share.SessionId, share.MemberId),
                DatasetVersionRecord version => new DatasetVersionChanged(new DatasetUpdate(version.Name, version.Version, version.Status, version.Reason)),
                _ => null,
            };
            if (change is null)
            {
                continue;
            }

            if (inTransaction)
            {
                pending.Held.Add(change);
            }
            else
            {
                feed.Publish(change);
            }
        }

        pending.Touched.Clear();
    }

    private void PublishHeld(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            foreach (var change in pending.Held)
            {
                feed.Publish(change);
            }

            pending.Held.Clear();
        }
    }

    private void ForgetTouched(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Touched.Clear();
        }
    }

    private void ForgetHeld(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Held.Clear();
        }
    }

    /// <summary>The view as a read of the store would show it: instants are kept to the millisecond (UnixMillisecondsConverter), in UTC.</summary>
    private static SessionView AsStored(SessionView view) => view with
    {
        CreatedAt = ToStoredInstant(view.CreatedAt),
        ReadyAt = view.ReadyAt is { } ready ? ToStoredInstant(ready) : null,
        EndedAt = view.EndedAt is { } ended ? ToStoredInstant(ended) : null,
    };

    private static DateTimeOffset ToStoredInstant(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    private static bool IsModified(EntityEntry entry, string property) => entry.Property(property).IsModified;

    /// <summary>One context's rows being written, and changes waiting for its transaction to commit.</summary>
    private sealed class Pending
    {
        public List<object> Touched { get; } = [];

        public List<LiveChange> Held { get; } = [];
    }
}
