using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sharing;

/// <summary>
/// Closes mentors' open notebook connections when their share expires (revocation closes them at once itself).
/// Checks every second; level-triggered on <see cref="SessionShare.ClosedAt"/>, so a restart misses nothing. Whichever
/// replica sees an expiry first tells every replica (<see cref="ShareEnded"/>).
/// </summary>
internal sealed partial class ShareExpiryService(
    IServiceScopeFactory scopes, IReplicaCommands replicas, TimeProvider clock, ILogger<ShareExpiryService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CloseExpiredAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.SweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    internal async Task CloseExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var now = clock.GetUtcNow();
        var ended = await db.SessionShares.Where(s => s.ClosedAt == null && (s.RevokedAt != null || s.ExpiresAt <= now)).ToListAsync(cancellationToken);
        foreach (var share in ended)
        {
            await replicas.SendAsync(new ShareEnded(share.SessionId, share.MemberId), cancellationToken);
            share.ClosedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Closing expired shares failed; retrying")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
