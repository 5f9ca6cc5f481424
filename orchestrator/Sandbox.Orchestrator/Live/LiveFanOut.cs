using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Reads every change from the feed, in order, decides which of this replica's connections may hear it, and queues it
/// on them: a session's owner and active mentors (<see cref="SessionAudiences"/>, cached: no store read per change),
/// a notice's member, every admin for a dataset. Who may see is decided when the change is delivered, so an expired
/// share stops a mentor's updates at once, and a revoked one as soon as its revocation reaches this replica (at most
/// the re-check interval). A connection whose credentials were signed out since it connected is disconnected instead.
/// With several replicas the feed carries every replica's changes, and each delivers to its own connections.
/// </summary>
internal sealed partial class LiveFanOut(
    ILiveChangeFeed feed, LiveConnections connections, IServiceScopeFactory scopes, SecurityStamps stamps, SessionAudiences audiences,
    TimeProvider clock, NotebookOrigins.SandboxOrigins origins, ILogger<LiveFanOut> logger, Telemetry.SandboxMetrics metrics) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in feed.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DeliverAsync(change, stoppingToken);
                    metrics.LiveChangeDelivered(KindOf(change), DateTimeOffset.UtcNow - change.RecordedAt);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.DeliveryFailed(logger, e, change.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Delivers one change to the connections that may hear it.</summary>
    public async Task DeliverAsync(LiveChange change, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case SessionShared added:
                audiences.Forget(added.SessionId);
                break;
            case LiveFeedResumed resumed:
                // Changes may have been missed while the feed was cut: every client connected before it came back
                // reconnects and reads the full state.
                foreach (var member in connections.Members())
                {
                    foreach (var connection in connections.OfMember(member).Where(c => c.OpenedAt < resumed.At))
                    {
                        connection.Abort();
                    }
                }

                return;
        }

        if (connections.IsEmpty)
        {
            if (change is SessionChanged { View.EndedAt: not null } ended)
            {
                audiences.Forget(ended.View.Id);
            }

            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        switch (change)
        {
            case SessionChanged changed:
                var message = new LiveMessage(LiveMethods.SessionUpdated, changed.View);
                foreach (var member in await audiences.OfAsync(changed.View.Id, changed.OwnerId, () => db, cancellationToken))
                {
                    await SendToMemberAsync(db, member, message, cancellationToken);
                }

                if (changed.View.EndedAt is not null)
                {
                    audiences.Forget(changed.View.Id); // its last change: nothing more to deliver
                }

                break;
            case SessionShared shared when !connections.OfMember(shared.MemberId).IsEmpty:
                // Read the session now: its newest state, and only while the share still lets the mentor see it.
                var now = clock.GetUtcNow();
                var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shared.SessionId, cancellationToken);
                var active = await db.SessionShares.AsNoTracking()
                    .AnyAsync(s => s.SessionId == shared.SessionId && s.MemberId == shared.MemberId && s.RevokedAt == null && s.ExpiresAt > now, cancellationToken);
                if (session is not null && active)
                {
                    await SendToMemberAsync(db, shared.MemberId, new LiveMessage(LiveMethods.SessionUpdated, SessionView.Of(session, origins)), cancellationToken);
                }

                break;
            case MemberNoticed noticed:
                await SendToMemberAsync(db, noticed.MemberId, new LiveMessage(LiveMethods.MemberNotice, noticed.Notice), cancellationToken);
                break;
            case DatasetVersionChanged dataset:
                var admins = await (from userRole in db.UserRoles
                                    join role in db.Roles on userRole.RoleId equals role.Id
                                    where role.Name == Roles.Admin
                                    select userRole.UserId).ToListAsync(cancellationToken);
                foreach (var admin in admins)
                {
                    await SendToMemberAsync(db, admin, new LiveMessage(LiveMethods.DatasetUpdated, dataset.Update), cancellationToken);
                }

                break;
        }
    }

    /// <summary>A change's kind as the metrics name it (the names it travels under between replicas).</summary>
    private static string KindOf(LiveChange change) => change switch
    {
        SessionChanged => "session",
        SessionShared => "shared",
        MemberNoticed => "notice",
        DatasetVersionChanged => "dataset",
        LiveFeedResumed => "resumed",
        _ => "other",
    };

    private async Task SendToMemberAsync(SandboxDbContext db, string memberId, LiveMessage message, CancellationToken cancellationToken)
    {
        foreach (var connection in connections.OfMember(memberId))
        {
            if (connection.SecurityStamp is { } stamp && !await stamps.IsCurrentAsync(memberId, stamp, () => db, cancellationToken))
            {
                connection.Abort();
                continue;
            }

            connection.Deliver(message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Delivering a live {Change} failed; it is dropped")]
        public static partial void DeliveryFailed(ILogger logger, Exception exception, string change);
    }
}
