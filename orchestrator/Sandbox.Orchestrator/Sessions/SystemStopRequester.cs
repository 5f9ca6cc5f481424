using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// How scheduled work (culling, budget enforcement) stops a session: it records the stop and its reason as desired
/// state, audits it, and nudges the reconciler, which carries it out like any stop (billing ends at the request).
/// </summary>
internal sealed class SystemStopRequester(SandboxDbContext db, AuditLog audit, IReconcileNudges nudges, TimeProvider clock)
{
    private const int Attempts = 5;

    /// <summary>Asks <paramref name="sessionId"/> to stop for <paramref name="reason"/>; <paramref name="detail"/> goes to the audit entry.</summary>
    public async Task<SystemStopOutcome> RequestAsync(string sessionId, string reason, object? detail, CancellationToken cancellationToken)
    {
        // The reconciler may bump the session's revision between our read and write: read again and retry.
        for (var attempt = 1; ; attempt++)
        {
            var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (session is null)
            {
                return SystemStopOutcome.NotFound;
            }

            if (session.IsTerminal)
            {
                return SystemStopOutcome.Ended;
            }

            if (session.StopRequested)
            {
                return SystemStopOutcome.AlreadyRequested;
            }

            session.RequestStop(clock.GetUtcNow(), reason);
            audit.Add(AuditKinds.SessionStopRequested, null, session.Id, new { reason, owner = session.OwnerId, detail });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
                continue;
            }

            await nudges.PublishAsync(session.Id, cancellationToken);
            return SystemStopOutcome.Requested;
        }
    }
}
