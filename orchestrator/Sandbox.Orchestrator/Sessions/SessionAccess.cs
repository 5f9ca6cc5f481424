using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// The one place that decides which sessions a caller may see and use: a session that is not theirs does not exist
/// for them (404, never 403).
/// </summary>
internal sealed class SessionAccess(SandboxDbContext db)
{
    /// <summary>Sessions the caller may see, newest first.</summary>
    public async Task<IReadOnlyList<Session>> VisibleAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var me = caller.MemberId();
        var mine = await db.Sessions.AsNoTracking().Where(s => s.OwnerId == me).ToListAsync(cancellationToken);
        return mine.OrderByDescending(s => s.CreatedAt).ToList();
    }

    /// <summary>The session if the caller may see it, tracked for changes; null otherwise.</summary>
    public async Task<Session?> FindVisibleAsync(ClaimsPrincipal caller, string id, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return null;
        }

        var me = caller.MemberId();
        return await db.Sessions.FirstOrDefaultAsync(s => s.Id == id && s.OwnerId == me, cancellationToken);
    }
}
