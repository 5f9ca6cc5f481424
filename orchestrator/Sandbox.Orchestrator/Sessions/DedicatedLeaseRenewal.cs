using Microsoft.Extensions.Options;
using Npgsql;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Renews this replica's session leases on PostgreSQL from a thread and a store connection of its own, every
/// <see cref="ReconcilerOptions.LeaseRenewInterval"/>. A lease is a heartbeat: renewed late, other replicas take its
/// sessions and this one's passes are abandoned. Renewed through the shared thread pool and connection pool, it took 3 to
/// 19 s with 20 notebooks starting on 2 cores (load 42), longer than a 10 s lease, and sessions went back and forth between
/// replicas until one failed its start (docs/benchmarks.md, issue 16). Here it waits for neither pool, and it skips rows
/// locked by a fenced write in progress (that write extends its own lease) instead of waiting for them.
/// </summary>
internal sealed partial class DedicatedLeaseRenewal(
    IOptions<StoreOptions> store, ReplicaIdentity replica, TimeProvider clock, IOptions<ReconcilerOptions> options,
    ILogger<DedicatedLeaseRenewal> logger) : IDisposable
{
    private const string Renew = """
        UPDATE session_leases SET "ExpiresAt" = @until
        WHERE "SessionId" IN (SELECT "SessionId" FROM session_leases WHERE "Holder" = @me FOR UPDATE SKIP LOCKED)
        """;

    private readonly ManualResetEventSlim _stopping = new();
    private NpgsqlConnection? _connection;

    /// <summary>Whether this store gets a dedicated renewal (PostgreSQL); the embedded store serves one replica, renewed in the upkeep's loop.</summary>
    public bool Applies => store.Value.Provider == "postgres";

    /// <summary>Renews until <paramref name="cancellationToken"/> is cancelled; returns when the thread has ended.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(_stopping.Set);
        var thread = new Thread(() =>
        {
            try
            {
                Loop();
            }
            finally
            {
                registration.Dispose();
                ended.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "session-lease-renewal",
        };
        thread.Start();
        return ended.Task;
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _stopping.Dispose();
    }

    private void Loop()
    {
        var interval = options.Value.LeaseRenewInterval;
        while (!_stopping.Wait(interval))
        {
            var started = clock.GetTimestamp();
            try
            {
                LeaseRenewalLog.Report(logger, RenewOnce(), clock.GetElapsedTime(started), options.Value.LeaseLength);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                // The store is unreachable or the connection broke: open a new one at the next tick (leases last several).
                Log.Failed(logger, e);
                _connection?.Dispose();
                _connection = null;
            }
        }
    }

    private int RenewOnce()
    {
        if (_connection is null)
        {
            var builder = new NpgsqlConnectionStringBuilder(store.Value.ConnectionString) { Pooling = false, ApplicationName = $"sandbox-lease-renewal-{replica.Id}" };
            _connection = new NpgsqlConnection(builder.ConnectionString);
            _connection.Open();
        }

        using var command = new NpgsqlCommand(Renew, _connection) { CommandTimeout = Math.Max(1, (int)options.Value.LeaseLength.TotalSeconds) };
        command.Parameters.AddWithValue("until", (clock.GetUtcNow() + options.Value.LeaseLength).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("me", replica.Id);
        return command.ExecuteNonQuery();
    }

    private static partial class Log
    {
        [LoggerMessage(3, LogLevel.Warning, "Renewing session leases failed; a new store connection is opened at the next tick")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
