using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Changes a member's tier (effective-dated, history kept), roles and budget. Validates the whole change first and
/// applies it in one transaction, so a refused change leaves everything as it was.
/// </summary>
internal sealed class MemberEditor(
    SandboxDbContext db, UserManager<SandboxUser> users, MemberDirectory directory, AuditLog audit, SecurityStamps stamps, IReplicaCommands replicas)
{
    public async Task<MemberResult> ChangeAsync(string id, MemberChange change, string actorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return new MemberResult(null, new MemberError(404, [new("id", "member.not_found", $"There is no member {id}.")]));
        }

        if (user.RemovedAt is not null)
        {
            return new MemberResult(null, new MemberError(409, [new("id", "member.removed", $"Member {id} was removed: nothing of theirs can change any more.")]));
        }

        // 1. Validate every field.
        var errors = new List<ValidationError>();
        var tierFrom = now;
        if (change.TierFrom is not null && (!InstantText.TryParse(change.TierFrom, out tierFrom) || tierFrom < now))
        {
            errors.Add(new("tierFrom", "member.invalid_tier_from", "tierFrom must be an ISO 8601 instant with an offset, now or later: past tiers never change."));
        }

        if (change.Tier is not null && !Tiers.IsKnown(change.Tier))
        {
            errors.Add(new("tier", "member.unknown_tier", $"tier must be '{Tiers.Member}' or '{Tiers.NonMember}', not '{change.Tier}'."));
        }

        foreach (var (role, index) in (change.Roles ?? []).Select((r, i) => (r, i)))
        {
            if (!Roles.All.Contains(role))
            {
                errors.Add(new($"roles[{index}]", "member.unknown_role", $"Unknown role '{role}'; roles are {string.Join(", ", Roles.All)}."));
            }
        }

        long? budget = user.MonthlyBudgetKrw;
        if (change.MonthlyBudgetKrw is { } json)
        {
            if (json.ValueKind == JsonValueKind.Null)
            {
                budget = null;
            }
            else if (json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var krw) && krw >= 0)
            {
                budget = krw;
            }
            else
            {
                errors.Add(new("monthlyBudgetKrw", "member.invalid_budget", "monthlyBudgetKrw must be a whole number of KRW, 0 or more (or null to use the tier's)."));
            }
        }

        if (errors.Count > 0)
        {
            return new MemberResult(null, new MemberError(400, errors));
        }

        if (id == actorId && change.Roles is not null && !change.Roles.Contains(Roles.Admin))
        {
            return new MemberResult(null, new MemberError(409, [new("roles", "member.self_demotion", "Admins cannot remove their own admin role.")]));
        }

        // 2. Apply it all in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (change.Tier is not null)
        {
            var periods = await db.MemberTiers.Where(t => t.MemberId == id).ToListAsync(cancellationToken);
            var changed = MembershipChange.ChangeTier(
                periods.Select(p => new Membership(p.MemberId, Tiers.ToTier(p.Tier), p.From, p.To)).ToList(),
                id, Tiers.ToTier(change.Tier), tierFrom);
            if (changed is null)
            {
                return new MemberResult(null, new MemberError(409, [new("tierFrom", "member.tier_conflict",
                    "A tier change is already scheduled at or after that instant.")]));
            }

            db.MemberTiers.RemoveRange(periods);
            db.MemberTiers.AddRange(changed.Select(p => new MemberTierPeriod { MemberId = id, Tier = p.Tier.ToName(), From = p.From, To = p.To }));
        }

        var stampRenewed = false;
        if (change.Roles is not null)
        {
            var current = await users.GetRolesAsync(user);
            var wanted = change.Roles.Distinct(StringComparer.Ordinal).ToList();
            Ensure(await users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal)));
            Ensure(await users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal)));
            if (!current.ToHashSet(StringComparer.Ordinal).SetEquals(wanted))
            {
                // Tokens and cookies carry the roles they were issued with: renewing the stamp ends them, so a removed
                // role is gone at once (the member signs in again to get the new ones).
                Ensure(await users.UpdateSecurityStampAsync(user));
                stampRenewed = true;
            }
        }

        user.MonthlyBudgetKrw = budget;
        audit.Add(AuditKinds.MemberChanged, actorId, id, new { tier = change.Tier, tierFrom = change.Tier is null ? (DateTimeOffset?)null : tierFrom, roles = change.Roles, monthlyBudgetKrw = budget });
        Ensure(await users.UpdateAsync(user));
        await db.SaveChangesAsync(cancellationToken);

        stamps.Forget(id);
        await transaction.CommitAsync(cancellationToken);
        if (stampRenewed)
        {
            // Their notebook cookies died with the stamp; their open connections (kernel sockets, the hub) go now too, on every replica.
            await replicas.SendAsync(new CredentialsChanged(id), cancellationToken);
        }

        return new MemberResult(await directory.FindAsync(id, now, cancellationToken), null);
    }

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
