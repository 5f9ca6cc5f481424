using Sandbox.Orchestrator.Hosting;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Backup;

/// <summary>
/// <c>backup FILE</c> and <c>restore FILE [--force]</c> on the command line (<c>./sandbox backup</c>, <c>./sandbox
/// restore</c>), with the orchestrator's own settings (appsettings.json, then <c>Sandbox__*</c> environment variables).
/// Exit codes: 0 done, 2 refused (the message names the file or entry and what to do), 1 failed otherwise.
/// </summary>
internal static class BackupCommand
{
    public static bool Handles(string[] args) => args is ["backup", ..] or ["restore", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = CommandLineConfiguration.Build();
        var dataDir = configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>()?.DataDir ?? new SandboxOptions().DataDir;
        var store = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        var output = Console.Error;
        try
        {
            if (store.Provider == "postgres")
            {
                throw new BackupRefused("The store is PostgreSQL (Sandbox__Store__Provider=postgres): back it up with pg_dump and restore it with pg_restore (README, \"Backup and restore\"); the key ring is in it.");
            }

            switch (args)
            {
                case ["backup", var file]:
                    var connection = store.ConnectionString ?? $"Data Source={Path.Combine(dataDir, BackupLayout.StoreFile)};Pooling=False";
                    if (!File.Exists(Path.Combine(dataDir, BackupLayout.StoreFile)) && store.ConnectionString is null)
                    {
                        throw new BackupRefused($"{dataDir}: no store ({BackupLayout.StoreFile}) to back up; is Sandbox__DataDir the installation's data folder?");
                    }

                    await new InstallationBackup(dataDir, connection, output, TimeProvider.System).WriteAsync(Path.GetFullPath(file), CancellationToken.None);
                    return 0;
                case ["restore", var file]:
                    await new InstallationRestore(dataDir, output, TimeProvider.System).RestoreAsync(Path.GetFullPath(file), force: false, CancellationToken.None);
                    return 0;
                case ["restore", var file, "--force"]:
                    await new InstallationRestore(dataDir, output, TimeProvider.System).RestoreAsync(Path.GetFullPath(file), force: true, CancellationToken.None);
                    return 0;
                default:
                    throw new BackupRefused("usage: backup FILE | restore FILE [--force]");
            }
        }
        catch (BackupRefused refused)
        {
            await output.WriteLineAsync($"sandbox: {args[0]}: {refused.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            await output.WriteLineAsync($"sandbox: {args[0]} failed: {e.Message}");
            return 1;
        }
    }
}
