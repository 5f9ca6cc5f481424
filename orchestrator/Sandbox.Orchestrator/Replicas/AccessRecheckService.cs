using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// The store re-check behind the replica commands: every <see cref="RedisOptions.RecheckInterval"/> (at most 30 s)
/// this replica checks what it holds open against the store, so a lost or undelivered command (Redis down) never
/// leaves access open longer than that. Proxied notebook connections (kernel WebSockets included) of a caller who is
/// neither the session's owner nor an active mentor any more are closed; hub connections whose credentials carry a
/// stale security stamp are closed, and so are the notebook connections of members whose stamp changed. Runs on one
/// replica alone too, where it costs two small queries per interval.
/// </summary>
internal sealed partial class AccessRecheckService(
    IServiceScopeFactory scopes, INotebookConnections notebooks, LiveConnections hub, SecurityStamps stamps, SessionAudiences audiences,
    ReplicaCommandHandler handler, TimeProvider clock, IOptions<RedisOptions> options, ILogger<AccessRecheckService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RecheckAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.RecheckFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>One re-check of everything open here.</summary>
    internal async Task RecheckAsync(CancellationToken cancellationToken)
    {
        audiences.DropStale();
        var proxied = notebooks.Open();
        var members = hub.Members();
        if (proxied.Count == 0 && members.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        await CloseUnsharedAsync(db, proxied, cancellationToken);

        // Reading the stamps reports (and so closes the connections of) members whose stamp changed unannounced.
        var current = await stamps.RecheckAsync(members.Concat(proxied.Select(p => p.ConnectionOwner)).ToHashSet(StringComparer.Ordinal), db, cancellationToken);
        foreach (var member in members)
        {
            foreach (var connection in hub.OfMember(member))
            {
                if (connection.SecurityStamp is { } stamp && !string.Equals(stamp, current.GetValueOrDefault(member), StringComparison.Ordinal))
                {
                    Log.StaleHubConnection(logger, member);
                    connection.Abort();
                }
            }
        }
    }

    /// <summary>Closes proxied connections whose caller may no longer use the session (not its owner, no active share).</summary>
    private async Task CloseUnsharedAsync(SandboxDbContext db, IReadOnlyList<(string SessionId, string ConnectionOwner)> proxied, CancellationToken cancellationToken)
    {
        if (proxied.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var sessionIds = proxied.Select(p => p.SessionId).Distinct(StringComparer.Ordinal).ToList();
        var owners = await db.Sessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).Select(s => new { s.Id, s.OwnerId }).ToListAsync(cancellationToken);
        var mentors = await db.SessionShares.AsNoTracking()
            .Where(s => sessionIds.Contains(s.SessionId) && s.RevokedAt == null && s.ExpiresAt > now)
            .Select(s => new { s.SessionId, s.MemberId }).ToListAsync(cancellationToken);
        var allowed = owners.Select(o => (o.Id, o.OwnerId)).Concat(mentors.Select(m => (m.SessionId, m.MemberId))).ToHashSet();
        foreach (var key in proxied)
        {
            if (!allowed.Contains(key))
            {
                await handler.HandleAsync(new ShareEnded(key.SessionId, key.ConnectionOwner), cancellationToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Re-checking open connections against the store failed; retrying at the next interval")]
        public static partial void RecheckFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "A hub connection of {MemberId} carried a stale security stamp; closed")]
        public static partial void StaleHubConnection(ILogger logger, string memberId);
    }
}
