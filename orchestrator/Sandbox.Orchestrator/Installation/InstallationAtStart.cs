using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Installation;

/// <summary>
/// Loads this installation's identity from the store at start, creating it the first time, and hands it to the runtime
/// before anything asks the runtime to act (it is registered right after the store's migrations). Replicas starting
/// together agree: the table holds one row under a fixed key, so the insert of every replica but one fails and those
/// read the winner's row.
/// </summary>
/// <remarks>
/// An installation that ran before ids existed (its store already holds sessions when the id is created) is marked as
/// adopting unlabelled things: its sandboxes, networks and members' homes keep the names they have, and it keeps
/// treating things without an installation label as its own. A new installation never touches unlabelled things.
/// </remarks>
internal sealed partial class InstallationAtStart(
    IServiceScopeFactory scopes, RuntimeInstallation installation, TimeProvider clock, ILogger<InstallationAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var record = await LoadOrCreateAsync(cancellationToken);
        installation.Set(new InstallationIdentity(record.Id, record.AdoptsUnlabelled));
        Log.Known(logger, record.Id, record.AdoptsUnlabelled);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<InstallationRecord> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
            if (await db.Installation.AsNoTracking().SingleOrDefaultAsync(i => i.Key == InstallationRecord.TheKey, cancellationToken) is { } existing)
            {
                return existing;
            }

            var created = new InstallationRecord
            {
                Key = InstallationRecord.TheKey,
                Id = InstallationIds.New(),
                AdoptsUnlabelled = await db.Sessions.AnyAsync(cancellationToken),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Installation.Add(created);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                Log.Created(logger, created.Id, created.AdoptsUnlabelled);
                return created;
            }
            catch (DbUpdateException)
            {
                // Another replica created it first: read its row below, in a fresh context.
            }
        }

        await using var again = scopes.CreateAsyncScope();
        return await again.ServiceProvider.GetRequiredService<SandboxDbContext>().Installation.AsNoTracking()
            .SingleAsync(i => i.Key == InstallationRecord.TheKey, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Installation {InstallationId} created (adopts things made before installation ids: {AdoptsUnlabelled})")]
        public static partial void Created(ILogger logger, string installationId, bool adoptsUnlabelled);

        [LoggerMessage(2, LogLevel.Information, "Installation {InstallationId} (adopts things made before installation ids: {AdoptsUnlabelled})")]
        public static partial void Known(ILogger logger, string installationId, bool adoptsUnlabelled);
    }
}
