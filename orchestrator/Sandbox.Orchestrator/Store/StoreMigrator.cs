using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Sandbox.Orchestrator.Store;

/// <summary>
/// Brings the store's schema up to date before anything else starts (hosted services start in registration order,
/// and this one is registered first). On PostgreSQL, where replicas may start together on an empty database, it takes
/// a session-level advisory lock first and holds it until the first-start set-up that follows the migrations (the
/// installation's identity, roles, the bootstrap admin, rate cards) is done (<see cref="StoreSetupEnd"/>, registered
/// after the last seeder; at the latest when every hosted service has started), so they run on one replica at a time:
/// the first creates, the others find everything in place. SQLite serves one process.
/// </summary>
internal sealed partial class StoreMigrator(IServiceProvider services, ILogger<StoreMigrator> logger) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>The advisory lock's key: "Sandbox" in ASCII, so it is recognisable in <c>pg_locks</c>.</summary>
    public const long SetupLockKey = 0x53616E64626F78;

    private NpgsqlConnection? _setupLock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets the API read while the reconciler writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        else if (db.Database.IsNpgsql())
        {
            // The lock needs the database: create it when missing, as migrating would (replicas racing: one creates it).
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(cancellationToken))
            {
                try
                {
                    await creator.CreateAsync(cancellationToken);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // Another replica created it a moment earlier.
                }
            }

            // Its own unpooled connection: a pooled one would keep the session, and the lock, after it is closed.
            _setupLock = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
            await _setupLock.OpenAsync(cancellationToken);
            await using var tryTake = new NpgsqlCommand($"SELECT pg_try_advisory_lock({SetupLockKey})", _setupLock);
            if (await tryTake.ExecuteScalarAsync(cancellationToken) is not true)
            {
                // Another replica is setting up: wait for as long as it takes (its end, or its death, releases the lock),
                // not for the default command timeout, which a slow start on a busy machine outlasts.
                Log.WaitingForSetupLock(logger);
                await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SetupLockKey})", _setupLock) { CommandTimeout = 0 };
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            Log.SetupLockTaken(logger);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        Log.Migrated(logger, pending.Count, db.Database.ProviderName ?? "?");
    }

    /// <summary>Every hosted service has started (the seeders among them): the next replica may set up now.</summary>
    public Task StartedAsync(CancellationToken cancellationToken) => ReleaseSetupLockAsync();

    /// <summary>Lets the next replica set up: the first-start set-up is done.</summary>
    public async Task ReleaseSetupLockAsync()
    {
        if (Interlocked.Exchange(ref _setupLock, null) is { } connection)
        {
            // Closing the unpooled connection ends its session, which releases the lock (so does this process dying).
            await connection.DisposeAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => ReleaseSetupLockAsync();

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync() => await ReleaseSetupLockAsync();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Store schema up to date ({Applied} migrations applied, provider {Provider})")]
        public static partial void Migrated(ILogger logger, int applied, string provider);

        [LoggerMessage(2, LogLevel.Information, "Store set-up lock taken: migrations and first-start set-up run here, one replica at a time")]
        public static partial void SetupLockTaken(ILogger logger);

        [LoggerMessage(3, LogLevel.Information, "Another replica is setting the store up; waiting for it to finish")]
        public static partial void WaitingForSetupLock(ILogger logger);
    }
}
