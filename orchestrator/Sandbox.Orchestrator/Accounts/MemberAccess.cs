using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Disabling and enabling a member (admins). Disabled: signing in is refused (403 <c>auth.member_disabled</c>), every
/// token and cookie ends (the security stamp is renewed, and every replica closes the member's connections), and every
/// live session is stopped with reason <c>member_disabled</c>; the account, its history, usage and invoices stay.
/// Enabled again: the member signs in as before. Both are audited.
/// </summary>
internal sealed class MemberAccess(
    SandboxDbContext db, UserManager<SandboxUser> users, MemberDirectory directory, AuditLog audit, SecurityStamps stamps,
    IReplicaCommands replicas, SystemStopRequester stops)
{
    /// <summary>The member as it is now, or null when there is no such member.</summary>
    public async Task<MemberView?> DisableAsync(string id, string actorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        if (user.DisabledAt is null)
        {
            user.DisabledAt = now;
            Ensure(await users.UpdateSecurityStampAsync(user)); // saves the user too
            await audit.WriteAsync(AuditKinds.MemberDisabled, actorId, id, new { email = user.Email }, cancellationToken);
            stamps.Forget(id);
            await replicas.SendAsync(new CredentialsChanged(id), cancellationToken);
        }

        await StopLiveSessionsAsync(id, SessionStopReasons.MemberDisabled, new { disabledBy = actorId }, cancellationToken);
        return await directory.FindAsync(id, now, cancellationToken);
    }

    /// <summary>
    /// Asks every live session of <paramref name="id"/> to stop with <paramref name="reason"/> (again after a retry: a
    /// stop asked already is left as it is).
    /// </summary>
    public async Task StopLiveSessionsAsync(string id, string reason, object detail, CancellationToken cancellationToken)
    {
        var live = await db.Sessions.AsNoTracking()
            .Where(s => s.OwnerId == id && s.State != SessionState.Stopped && s.State != SessionState.Failed)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var session in live)
        {
            await stops.RequestAsync(session, reason, detail, cancellationToken);
        }
    }

    /// <summary>The member as it is now, or null when there is no such member.</summary>
    public async Task<MemberView?> EnableAsync(string id, string actorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        if (user.DisabledAt is not null)
        {
            user.DisabledAt = null;
            Ensure(await users.UpdateAsync(user));
            await audit.WriteAsync(AuditKinds.MemberEnabled, actorId, id, new { email = user.Email }, cancellationToken);
        }

        return await directory.FindAsync(id, now, cancellationToken);
    }

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
