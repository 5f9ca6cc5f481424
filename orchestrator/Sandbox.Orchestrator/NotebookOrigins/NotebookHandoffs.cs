using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// One-time codes that carry a person from the portal to a notebook origin, as JupyterHub's OAuth hand-off does for its
/// single-user servers: the portal (signed in with its own cookie) asks for a code, the browser takes it to
/// <c>{session}.{notebook host}/_sandbox/handoff?code=…</c>, and the notebook origin redeems it once for a cookie of its
/// own. The code is random (256 bits), lives a minute, names one session and one member, and is deleted when redeemed,
/// so a replayed or forged one is refused on every replica.
/// </summary>
internal sealed class NotebookHandoffs(
    SandboxDbContext db, SessionAccess access, SandboxOrigins origins, IOptions<NotebookOriginOptions> options, TimeProvider clock)
{
    /// <summary>The notebook origin's path that redeems a code.</summary>
    public const string RedeemPath = "/_sandbox/handoff";

    /// <summary>A code for <paramref name="caller"/> to open <paramref name="sessionId"/>'s notebook, with the URL that redeems it.</summary>
    public async Task<HandoffIssue> IssueAsync(ClaimsPrincipal caller, string sessionId, string? next, CancellationToken ct)
    {
        // 1. Only the owner, or a mentor it is shared with while the share lasts; anyone else learns nothing.
        var session = await access.FindVisibleAsync(caller, sessionId, ct);
        var me = caller.MemberId();
        if (session is null || (session.OwnerId != me && !caller.IsInRole(Roles.Mentor)))
        {
            return new HandoffIssue(HandoffIssueStatus.NotFound);
        }

        if (session.State != SessionState.Running)
        {
            return new HandoffIssue(HandoffIssueStatus.NotRunning);
        }

        // 2. The code is bound to the member's current stamp: signing out before it is redeemed makes it worthless.
        var stamp = await db.Users.Where(u => u.Id == me).Select(u => u.SecurityStamp).FirstOrDefaultAsync(ct);
        if (stamp is null)
        {
            return new HandoffIssue(HandoffIssueStatus.NotFound);
        }

        var now = clock.GetUtcNow();
        var lifetime = options.Value.HandoffLifetime;
        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await db.NotebookHandoffs.Where(h => h.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        db.NotebookHandoffs.Add(new NotebookHandoffRecord
        {
            CodeHash = HashOf(code), SessionId = sessionId, MemberId = me, SecurityStamp = stamp, ExpiresAt = now + lifetime,
        });
        await db.SaveChangesAsync(ct);

        var url = $"{origins.OriginOf(sessionId)}{RedeemPath}?code={code}";
        if (NotebookPaths.IsWithinSession(next, sessionId))
        {
            url += "&next=" + Uri.EscapeDataString(next!);
        }

        return new HandoffIssue(HandoffIssueStatus.Issued, url, lifetime);
    }

    /// <summary>
    /// Redeems <paramref name="code"/> at <paramref name="sessionId"/>'s origin: the hand-off when it is genuine, unexpired,
    /// for this session and not yet used, otherwise null. A code shown at the wrong origin is spent all the same.
    /// </summary>
    public async Task<NotebookHandoffRecord?> RedeemAsync(string? code, string sessionId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 100)
        {
            return null;
        }

        var hash = HashOf(code);
        var now = clock.GetUtcNow();
        var handoff = await db.NotebookHandoffs.AsNoTracking().FirstOrDefaultAsync(h => h.CodeHash == hash, ct);
        if (handoff is null)
        {
            return null;
        }

        // Whoever deletes the row redeemed it: two requests racing with one code get one cookie between them.
        var deleted = await db.NotebookHandoffs.Where(h => h.CodeHash == hash && h.ExpiresAt > now).ExecuteDeleteAsync(ct);
        return deleted == 1 && handoff.SessionId == sessionId ? handoff : null;
    }

    private static string HashOf(string code) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)));
}
