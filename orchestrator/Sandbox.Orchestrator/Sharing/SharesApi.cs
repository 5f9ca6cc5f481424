using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sharing;

/// <summary><c>/api/v1/sessions/{id}/shares</c>: owners invite mentors into a session for a while, and revoke them.</summary>
internal static class SharesApi
{
    private const int DefaultMinutes = 120;
    private const int MaxMinutes = 24 * 60;

    public static RouteGroupBuilder MapSharesApi(this RouteGroupBuilder api)
    {
        var shares = api.MapGroup("/sessions/{id}/shares").WithTags("Sharing");
        shares.MapPost("/", ShareAsync).WithSummary("Lets a mentor use the session for some minutes (default 120). Owner only.");
        shares.MapGet("/", ListAsync).WithSummary("The session's active shares. Owner only.");
        shares.MapDelete("/{member}", RevokeAsync).WithSummary("Ends a mentor's access and closes their open notebook connections at once. Owner only.");
        return api;
    }

    private static async Task<Results<Created<ShareView>, ProblemHttpResult>> ShareAsync(
        string id, ShareRequest request, ClaimsPrincipal user, SessionAccess access, SandboxDbContext db,
        UserManager<SandboxUser> users, TimeProvider clock, AuditLog audit, RefusalAudit refusals, CancellationToken ct)
    {
        // 1. Only the owner shares, only a live session.
        if (await OwnedAsync(id, user, access, ct) is not { } session)
        {
            await AuditRefusalAsync(audit, refusals, user, id, "share", ["session.not_found"], ct);
            return NotOwned(id);
        }

        if (session.IsTerminal || session.StopRequested)
        {
            return ApiProblem.Conflict("share.session_ended", $"Session {id} has ended or is stopping.");
        }

        // 2. Only an existing mentor, for a sensible time.
        var errors = new List<ValidationError>();
        var minutes = request.Minutes ?? DefaultMinutes;
        if (minutes is < 1 or > MaxMinutes)
        {
            errors.Add(new("minutes", "share.invalid_minutes", $"minutes must be 1 to {MaxMinutes}."));
        }

        var mentor = string.IsNullOrWhiteSpace(request.Member) ? null : await users.FindByIdAsync(request.Member);
        if (mentor is null)
        {
            errors.Add(new("member", "share.unknown_member", $"There is no member '{request.Member}'."));
        }
        else if (mentor.Id == session.OwnerId)
        {
            errors.Add(new("member", "share.with_self", "A session cannot be shared with its owner."));
        }
        else if (!await users.IsInRoleAsync(mentor, Roles.Mentor))
        {
            errors.Add(new("member", "share.not_a_mentor", "Sessions can be shared with mentors only."));
        }

        if (errors.Count > 0)
        {
            await AuditRefusalAsync(audit, refusals, user, id, "share", errors.Select(e => e.Reason).ToList(), ct);
            return ApiProblem.Invalid(errors);
        }

        // 3. A new share replaces the mentor's current one (its connections stay open: access continues).
        var now = clock.GetUtcNow();
        foreach (var current in await db.SessionShares.Where(s => s.SessionId == id && s.MemberId == mentor!.Id && s.RevokedAt == null).ToListAsync(ct))
        {
            current.RevokedAt = now;
            current.ClosedAt = now;
        }

        var share = new SessionShare { SessionId = id, MemberId = mentor!.Id, SharedBy = user.MemberId(), CreatedAt = now, ExpiresAt = now.AddMinutes(minutes) };
        db.SessionShares.Add(share);
        audit.Add(AuditKinds.ShareCreated, share.SharedBy, id, new { mentor = share.MemberId, expiresAt = share.ExpiresAt });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/sessions/{id}/shares/{share.MemberId}", ShareView.Of(share));
    }

    private static async Task<Results<Ok<List<ShareView>>, ProblemHttpResult>> ListAsync(
        string id, ClaimsPrincipal user, SessionAccess access, SandboxDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await OwnedAsync(id, user, access, ct) is null)
        {
            return NotOwned(id);
        }

        var now = clock.GetUtcNow();
        var active = await db.SessionShares.AsNoTracking().Where(s => s.SessionId == id && s.RevokedAt == null && s.ExpiresAt > now).ToListAsync(ct);
        return TypedResults.Ok(active.OrderBy(s => s.CreatedAt).Select(ShareView.Of).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, string member, ClaimsPrincipal user, SessionAccess access, SandboxDbContext db, IReplicaCommands replicas,
        TimeProvider clock, AuditLog audit, RefusalAudit refusals, CancellationToken ct)
    {
        if (await OwnedAsync(id, user, access, ct) is null)
        {
            await AuditRefusalAsync(audit, refusals, user, id, "revoke_share", ["session.not_found"], ct);
            return NotOwned(id);
        }

        var now = clock.GetUtcNow();
        var active = await db.SessionShares.Where(s => s.SessionId == id && s.MemberId == member && s.RevokedAt == null && s.ExpiresAt > now).ToListAsync(ct);
        if (active.Count == 0)
        {
            return ApiProblem.NotFound("share.not_found", $"Session {id} is not shared with {member}.");
        }

        // Access ends in the store first, so no new request gets through; then open connections are closed.
        foreach (var share in active)
        {
            share.RevokedAt = now;
            share.ClosedAt = now;
        }

        audit.Add(AuditKinds.ShareRevoked, user.MemberId(), id, new { mentor = member });
        await db.SaveChangesAsync(ct);
        await replicas.SendAsync(new ShareEnded(id, member), ct); // on every replica that holds one of the mentor's connections
        return TypedResults.NoContent();
    }

    private static async Task<Session?> OwnedAsync(string id, ClaimsPrincipal user, SessionAccess access, CancellationToken ct) =>
        await access.FindVisibleAsync(user, id, ct) is { } session && session.OwnerId == user.MemberId() ? session : null;

    // A mentor sees the session but may not manage its shares; anyone else must not learn it exists.
    /// <summary>Writes a refused share or revoke to the audit log (throttled: the first per caller, session and minute).</summary>
    private static async Task AuditRefusalAsync(
        AuditLog audit, RefusalAudit refusals, ClaimsPrincipal user, string sessionId, string what, IReadOnlyList<string> reasons, CancellationToken ct)
    {
        await refusals.WriteAsync(audit, user.MemberId(), what, sessionId, AuditKinds.AccessRefused, user.MemberId(), new { what, reasons }, ct);
    }

    private static ProblemHttpResult NotOwned(string id) => ApiProblem.NotFound("session.not_found", $"There is no session {id} you own.");
}
