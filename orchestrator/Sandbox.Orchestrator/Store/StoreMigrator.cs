using Microsoft.EntityFrameworkCore;

namespace Sandbox.Orchestrator.Store;

/// <summary>
/// Brings the store's schema up to date before anything else starts (hosted services start in registration order,
/// and this one is registered first). EF Core's migrator takes a lock, so replicas starting together are safe.
/// </summary>
internal sealed partial class StoreMigrator(IServiceProvider services, ILogger<StoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets the API read while the reconciler writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        Log.Migrated(logger, pending.Count, db.Database.ProviderName ?? "?");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Store schema up to date ({Applied} migrations applied, provider {Provider})")]
        public static partial void Migrated(ILogger logger, int applied, string provider);
    }
}
