using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Backup;
using Sandbox.Orchestrator.Hosting;

namespace Sandbox.Orchestrator.Store;

/// <summary>
/// <c>migrate</c> on the command line (<c>./sandbox migrate</c>): brings the store's schema up to date without starting
/// the service, and says which migrations it applied. On the embedded store it refuses while an orchestrator runs on the
/// data folder (exit 2); on PostgreSQL it takes the replicas' set-up lock like a starting replica, so running replicas
/// of the previous version keep serving while it waits its turn. Exit codes: 0 done, 2 refused, 1 failed.
/// </summary>
internal static class MigrateCommand
{
    public static bool Handles(string[] args) => args is ["migrate", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["migrate"])
        {
            await Console.Error.WriteLineAsync("sandbox: migrate: usage: migrate (no arguments; the store comes from the settings)");
            return 2;
        }

        var configuration = CommandLineConfiguration.Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section));
        services.AddSandboxStore(configuration);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IOptions<StoreOptions>>().Value;
        var dataDir = provider.GetRequiredService<IOptions<SandboxOptions>>().Value.DataDir;

        using var held = store.Provider == "postgres" ? null : DataFolderLock.TryAcquire(dataDir);
        if (store.Provider != "postgres" && held is null)
        {
            await Console.Error.WriteLineAsync($"sandbox: migrate: an orchestrator ({DataFolderLock.HolderOf(dataDir)}) is running on {dataDir}; stop it first (or just start the new version: it migrates when it starts).");
            return 2;
        }

        try
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            var migrator = provider.GetRequiredService<StoreMigrator>();
            await migrator.StartAsync(CancellationToken.None); // the lock (PostgreSQL), then the migrations
            await migrator.ReleaseSetupLockAsync();
            var now = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            var added = now.Except(applied, StringComparer.Ordinal).ToList();
            await Console.Error.WriteLineAsync(added.Count == 0
                ? $"sandbox: migrate: the store ({store.Provider}) is up to date at {now.LastOrDefault() ?? "no schema"}"
                : $"sandbox: migrate: applied {added.Count} migration(s) to the store ({store.Provider}): {string.Join(", ", added)}");
            return 0;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or InvalidOperationException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"sandbox: migrate failed: {e.Message}");
            return 1;
        }
    }
}
