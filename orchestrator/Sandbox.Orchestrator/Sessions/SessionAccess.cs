using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// The one place that decides which sessions a caller may see and use: their own, and those shared with them that
/// are neither revoked nor expired. A session that is not theirs does not exist for them (404, never 403).
/// </summary>
internal sealed class SessionAccess(SandboxDbContext db, TimeProvider clock)
{
    /// <summary>Sessions the caller may see, newest first.</summary>
    /// <summary>
    /// One page of the sessions the caller may see, newest first (creation instant, then id, both descending): the key a
    /// <see cref="Paging.PageCursor"/> carries as <c>[createdAt in Unix ms, id]</c>.
    /// </summary>
    public async Task<Paging.Page<Session>> VisiblePageAsync(ClaimsPrincipal caller, Paging.PageRequest page, CancellationToken cancellationToken)
    {
        var me = caller.MemberId();
        var now = clock.GetUtcNow();
        var sharedWithMe = db.SessionShares.Where(s => s.MemberId == me && s.RevokedAt == null && s.ExpiresAt > now).Select(s => s.SessionId);
        var query = db.Sessions.AsNoTracking().Where(s => s.OwnerId == me || sharedWithMe.Contains(s.Id));
        if (page.After is { } after && after.Long(0) is { } createdMs)
        {
            var created = DateTimeOffset.FromUnixTimeMilliseconds(createdMs);
            var id = after.Key[1];
            #pragma warning disable CA1309 // SQL: compared on the store's collation, the same the ORDER BY below uses
            query = query.Where(s => s.CreatedAt < created || (s.CreatedAt == created && string.Compare(s.Id, id) < 0));
            #pragma warning restore CA1309
        }

        var fetched = await query.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return page.PageOf(fetched, s => Paging.PageCursor.Of(s.CreatedAt.ToUnixTimeMilliseconds(), s.Id));
    }

    public async Task<IReadOnlyList<Session>> VisibleAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var me = caller.MemberId();
        var now = clock.GetUtcNow();
        var sharedWithMe = db.SessionShares.Where(s => s.MemberId == me && s.RevokedAt == null && s.ExpiresAt > now).Select(s => s.SessionId);
        var visible = await db.Sessions.AsNoTracking().Where(s => s.OwnerId == me || sharedWithMe.Contains(s.Id)).ToListAsync(cancellationToken);
        return visible.OrderByDescending(s => s.CreatedAt).ToList();
    }

    /// <summary>The session if the caller may see it (owner or invited mentor), tracked for changes; null otherwise.</summary>
    public async Task<Session?> FindVisibleAsync(ClaimsPrincipal caller, string id, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return null;
        }

        var me = caller.MemberId();
        var now = clock.GetUtcNow();
        return await db.Sessions.FirstOrDefaultAsync(
            s => s.Id == id && (s.OwnerId == me ||
                db.SessionShares.Any(share => share.SessionId == id && share.MemberId == me && share.RevokedAt == null && share.ExpiresAt > now)),
            cancellationToken);
    }
}
