using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sharing;

/// <summary>
/// What either side of a share needs to find the other: analysts list the mentors they may invite
/// (<c>GET /api/v1/mentors</c>), mentors list what they were invited to and until when (<c>GET /api/v1/me/shares</c>).
/// </summary>
internal static class SharingDirectoryApi
{
    public static RouteGroupBuilder MapSharingDirectoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me/shares", SharedWithMeAsync).WithTags("Sharing")
            .WithSummary("Shares to the caller that are active now (not revoked, not expired), soonest expiry first.");
        api.MapGet("/mentors", MentorsAsync).WithTags("Sharing")
            .WithSummary("Members with the mentor role (id and display name only), without the caller, by display name.");
        return api;
    }

    private static async Task<Ok<List<ShareToMeView>>> SharedWithMeAsync(
        ClaimsPrincipal user, SandboxDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var me = user.MemberId();
        var now = clock.GetUtcNow();
        var rows = await (from share in db.SessionShares.AsNoTracking()
                          join session in db.Sessions.AsNoTracking() on share.SessionId equals session.Id
                          join owner in db.Users.AsNoTracking() on session.OwnerId equals owner.Id
                          where share.MemberId == me && share.RevokedAt == null && share.ExpiresAt > now
                          orderby share.ExpiresAt, share.SessionId
                          select new ShareToMeView(share.SessionId, session.OwnerId, owner.DisplayName, share.CreatedAt, share.ExpiresAt))
                         .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    private static async Task<Ok<List<MentorView>>> MentorsAsync(ClaimsPrincipal user, SandboxDbContext db, CancellationToken ct)
    {
        var me = user.MemberId();
        var mentors = await (from userRole in db.UserRoles
                             join role in db.Roles on userRole.RoleId equals role.Id
                             join member in db.Users on userRole.UserId equals member.Id
                             where role.Name == Roles.Mentor && member.Id != me
                             select new MentorView(member.Id, member.DisplayName))
                            .AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(mentors
            .OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToList());
    }
}
