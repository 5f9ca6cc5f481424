namespace Sandbox.Orchestrator.Store;

/// <summary>
/// Registered after the last seeder: the store's first-start set-up is done, so the set-up lock
/// (<see cref="StoreMigrator"/>) goes and the next replica starting at the same moment sets up.
/// </summary>
internal sealed class StoreSetupEnd(StoreMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.ReleaseSetupLockAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
