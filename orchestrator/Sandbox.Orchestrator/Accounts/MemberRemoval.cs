using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Sweeps;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Removing a member (admins), as Korea's Personal Information Protection Act expects once the purpose of holding their
/// data has ended: the account stops at once (as when disabled: tokens end on every replica, live sessions stop with
/// reason <c>member_removed</c>), then everything that identifies the person is erased in one transaction: e-mail,
/// sign-in name, password, phone, single sign-on links, roles, the name (replaced by a pseudonym), and their e-mail and
/// network addresses in the audit log. What the books need stays under the member id and the pseudonym: tier history,
/// usage, credits and invoices. The home (their files) is deleted a grace period later by
/// <see cref="RemovedMemberHomeSweepWork"/>, so a removal made by mistake can still be undone by hand from the home.
/// </summary>
internal sealed class MemberRemoval(
    SandboxDbContext db, UserManager<SandboxUser> users, MemberDirectory directory, MemberAccess access, AuditLog audit,
    SecurityStamps stamps, IReplicaCommands replicas, IOptions<SweepOptions> sweep)
{
    /// <summary>What replaces erased values in the audit log.</summary>
    public const string Erased = "(erased)";

    /// <summary>The name a removed member is shown under: <c>Former member</c> and the start of their id.</summary>
    public static string PseudonymOf(string id) => $"Former member {id[..Math.Min(8, id.Length)]}";

    /// <summary>The member as it is now (removed), or null when there is no such member. Removing twice is harmless.</summary>
    public async Task<MemberView?> RemoveAsync(string id, string actorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        if (user.RemovedAt is null)
        {
            var email = user.Email;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // 1. The account: nothing left that names or reaches the person.
                user.RemovedAt = now;
                user.DisabledAt ??= now;
                user.DisplayName = PseudonymOf(id);
                user.Email = null;
                user.NormalizedEmail = null;
                user.EmailConfirmed = false;
                user.UserName = $"removed-{id}";
                user.NormalizedUserName = user.UserName.ToUpperInvariant();
                user.PasswordHash = null;
                user.PhoneNumber = null;
                user.PhoneNumberConfirmed = false;
                user.MonthlyBudgetKrw = null;
                user.SecurityStamp = Guid.NewGuid().ToString("N");
                db.UserRoles.RemoveRange(db.UserRoles.Where(r => r.UserId == id));
                db.UserLogins.RemoveRange(db.UserLogins.Where(l => l.UserId == id));
                db.UserClaims.RemoveRange(db.UserClaims.Where(c => c.UserId == id));
                db.UserTokens.RemoveRange(db.UserTokens.Where(t => t.UserId == id));

                // 2. Shares to them end (their connections close with the stamp below).
                await db.SessionShares.Where(s => s.MemberId == id && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);

                // 3. The audit log keeps what happened, not who they were: their e-mail and addresses go.
                await EraseFromAuditAsync(id, email, cancellationToken);
                audit.Add(AuditKinds.MemberRemoved, actorId, id, new { pseudonym = user.DisplayName, homeRemovalDue = now + sweep.Value.RemovedMemberHomeGrace });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            stamps.Forget(id);
            await replicas.SendAsync(new CredentialsChanged(id), cancellationToken);
        }

        await access.StopLiveSessionsAsync(id, SessionStopReasons.MemberRemoved, new { removedBy = actorId }, cancellationToken);
        return await directory.FindAsync(id, now, cancellationToken);
    }

    private async Task EraseFromAuditAsync(string id, string? email, CancellationToken cancellationToken)
    {
        // The e-mail as typed, and as the log's JSON writes it (characters such as '+' escaped).
        var forms = string.IsNullOrEmpty(email) ? [] : new[] { email, JsonSerializer.Serialize(email, JsonSerializerOptions.Web)[1..^1] }.Distinct().ToArray();
        var entries = db.AuditEvents.Where(e => e.ActorId == id || e.Subject == id);
        foreach (var form in forms)
        {
            // Also entries naming the e-mail without the id: sign-ins that failed before the account, or through single sign-on.
            var text = form;
            entries = entries.Union(db.AuditEvents.Where(e => e.Detail.Contains(text)));
        }

        foreach (var entry in await entries.ToListAsync(cancellationToken))
        {
            foreach (var form in forms)
            {
                entry.Detail = entry.Detail.Replace(form, Erased, StringComparison.OrdinalIgnoreCase);
            }

            if (entry.ActorId == id)
            {
                entry.Address = null;
            }
        }
    }
}
