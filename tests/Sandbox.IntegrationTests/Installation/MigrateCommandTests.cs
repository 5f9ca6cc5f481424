using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Installation;

/// <summary><c>./sandbox migrate</c>: the schema brought up to date without starting the service, once; refused while an orchestrator runs on the folder.</summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_applies_every_migration_once_without_starting_and_is_refused_while_an_orchestrator_runs()
    {
        await using var orchestrator = new OrchestratorProcess();

        var (first, firstOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "migrate");
        Assert.True(first == 0, firstOutput);
        Assert.Contains($"applied {Sandbox.Orchestrator.Backup.BackupLayout.KnownMigrations.Count} migration(s) to the store (sqlite)", firstOutput, StringComparison.Ordinal);
        var (second, secondOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "migrate");
        Assert.True(second == 0, secondOutput);
        Assert.Contains("is up to date at", secondOutput, StringComparison.Ordinal);

        // The migrated store serves: the orchestrator starts on it (finding nothing to apply), and holds the folder.
        await orchestrator.StartAsync();
        Assert.True(await orchestrator.LogContainsAsync("Store schema up to date (0 migrations applied", TimeSpan.FromSeconds(5)), orchestrator.Tail());
        var (refused, refusedOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "migrate");
        Assert.True(refused == 2, refusedOutput);
        Assert.Contains("is running on", refusedOutput, StringComparison.Ordinal);

        var (usage, usageOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "migrate", "now");
        Assert.True(usage == 2, usageOutput);
    }
}
