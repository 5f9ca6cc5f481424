using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>
/// Deletes the homes of removed members once <see cref="SweepOptions.RemovedMemberHomeGrace"/> has passed since their
/// removal and none of their sessions is live, then marks the account (<c>HomeRemovedAt</c>) and audits it. A home the
/// runtime still mounts stays for the next pass.
/// </summary>
internal sealed partial class RemovedMemberHomeSweepWork(
    SandboxDbContext db, IMemberHomes homes, AuditLog audit, IOptions<SweepOptions> options, TimeProvider clock,
    ILogger<RemovedMemberHomeSweepWork> logger) : IScheduledWork
{
    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = now - options.Value.RemovedMemberHomeGrace;
        var members = await db.Users
            .Where(u => u.RemovedAt != null && u.RemovedAt <= due && u.HomeRemovedAt == null)
            .Where(u => !db.Sessions.Any(s => s.OwnerId == u.Id && s.State != SessionState.Stopped && s.State != SessionState.Failed))
            .ToListAsync(cancellationToken);
        foreach (var member in members)
        {
            try
            {
                await homes.RemoveAsync(member.Id, cancellationToken);
            }
            catch (RuntimeException e)
            {
                Log.Kept(logger, member.Id, e.Reason, e.Message);
                continue;
            }

            member.HomeRemovedAt = now;
            audit.Add(AuditKinds.MemberHomeRemoved, null, member.Id, new { removedAt = member.RemovedAt });
            await db.SaveChangesAsync(cancellationToken);
            Log.Removed(logger, member.Id);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sweep deleted the home of removed member {Member}")]
        public static partial void Removed(ILogger logger, string member);

        [LoggerMessage(2, LogLevel.Warning, "Sweep kept the home of removed member {Member}: {Reason}: {Message}")]
        public static partial void Kept(ILogger logger, string member, string reason, string message);
    }
}
