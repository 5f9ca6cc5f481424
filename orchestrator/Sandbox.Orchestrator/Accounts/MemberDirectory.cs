using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>Creates and reads member accounts with their roles and tier history.</summary>
internal sealed class MemberDirectory(UserManager<SandboxUser> users, SandboxDbContext db, AuditLog audit)
{
    /// <summary>Creates a member; validates everything first and changes nothing on refusal.</summary>
    public async Task<MemberResult> CreateAsync(NewMember request, string? actorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // 1. Validate the request as a whole, collecting every problem.
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return new MemberResult(null, new MemberError(400, errors));
        }

        var email = request.Email!.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return new MemberResult(null, new MemberError(409, [new("email", "member.email_taken", $"A member with e-mail {email} already exists.")]));
        }

        // 2. Create the account, its roles and its first tier period in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new SandboxUser
        {
            UserName = email,
            Email = email,
            DisplayName = request.DisplayName!.Trim(),
            CreatedAt = now,
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return new MemberResult(null, new MemberError(400, created.Errors
                .Select(e => new ValidationError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email",
                    e.Code.StartsWith("Password", StringComparison.Ordinal) ? "member.weak_password" : "member.invalid_email", e.Description))
                .ToList()));
        }

        var roles = (request.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count > 0)
        {
            var added = await users.AddToRolesAsync(user, roles);
            if (!added.Succeeded)
            {
                throw new InvalidOperationException($"Could not add roles to {email}: {string.Join("; ", added.Errors.Select(e => e.Description))}");
            }
        }

        db.MemberTiers.Add(new MemberTierPeriod { MemberId = user.Id, Tier = request.Tier!, From = now });
        audit.Add(AuditKinds.MemberCreated, actorId, user.Id, new { email, tier = request.Tier, roles });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MemberResult(await FindAsync(user.Id, now, cancellationToken), null);
    }

    /// <summary>One member, or null.</summary>
    public async Task<MemberView?> FindAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? null : (await ViewsAsync([user], now, cancellationToken))[0];
    }

    /// <summary>
    /// One page of the members, oldest account first (creation instant, then id): the key a <see cref="Paging.PageCursor"/>
    /// carries as <c>[createdAt in Unix ms, id]</c>. <paramref name="search"/>, when given, keeps members whose e-mail or
    /// name contains it (ignoring case).
    /// </summary>
    public async Task<Paging.Page<MemberView>> PageAsync(Paging.PageRequest page, string? search, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var upper = search.Trim().ToUpperInvariant();
            var pattern = $"%{upper.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            #pragma warning disable CA1304, CA1311 // SQL: the store's UPPER, not .NET's culture
            query = query.Where(u => EF.Functions.Like(u.NormalizedEmail ?? "", pattern, "\\") || EF.Functions.Like(u.DisplayName.ToUpper(), pattern, "\\"));
            #pragma warning restore CA1304, CA1311
        }

        if (page.After is { } after && after.Long(0) is { } createdMs)
        {
            var created = DateTimeOffset.FromUnixTimeMilliseconds(createdMs);
            var id = after.Key[1];
            #pragma warning disable CA1309 // SQL: compared on the store's collation, the same the ORDER BY below uses
            query = query.Where(u => u.CreatedAt > created || (u.CreatedAt == created && string.Compare(u.Id, id) > 0));
            #pragma warning restore CA1309
        }

        var fetched = await query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var users = page.PageOf(fetched, u => Paging.PageCursor.Of(u.CreatedAt.ToUnixTimeMilliseconds(), u.Id));
        return new Paging.Page<MemberView>(await ViewsAsync(users.Items, now, cancellationToken), users.Next);
    }

    /// <summary>All members, ordered by e-mail.</summary>
    public async Task<IReadOnlyList<MemberView>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var all = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedEmail).ToListAsync(cancellationToken);
        return await ViewsAsync(all, now, cancellationToken);
    }

    /// <summary>The member's tier at an instant, or null when they have none then.</summary>
    public async Task<string?> TierAtAsync(string memberId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var periods = await db.MemberTiers.AsNoTracking().Where(t => t.MemberId == memberId).ToListAsync(cancellationToken);
        return periods.FirstOrDefault(p => p.From <= at && (p.To is null || at < p.To))?.Tier;
    }

    private async Task<IReadOnlyList<MemberView>> ViewsAsync(IReadOnlyList<SandboxUser> members, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = members.Select(m => m.Id).ToList();
        var periods = (await db.MemberTiers.AsNoTracking().Where(t => ids.Contains(t.MemberId)).ToListAsync(cancellationToken))
            .GroupBy(t => t.MemberId).ToDictionary(g => g.Key, g => g.OrderBy(t => t.From).ToList());
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var rolesByUser = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name!).Order(StringComparer.Ordinal).ToList());

        return members.Select(m =>
        {
            var history = periods.GetValueOrDefault(m.Id) ?? [];
            var current = history.LastOrDefault(p => p.From <= now && (p.To is null || now < p.To)) ?? history.LastOrDefault();
            return new MemberView(m.Id, m.Email ?? "", m.DisplayName, current?.Tier ?? Tiers.NonMember,
                rolesByUser.GetValueOrDefault(m.Id) ?? [], m.MonthlyBudgetKrw, m.CreatedAt,
                history.Select(p => new TierPeriodView(p.Tier, p.From, p.To)).ToList(), m.DisabledAt, m.RemovedAt, m.HomeRemovedAt);
        }).ToList();
    }

    private static List<ValidationError> Validate(NewMember request)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Email) || !MailAddress.TryCreate(request.Email.Trim(), out _))
        {
            errors.Add(new("email", "member.invalid_email", "email must be an e-mail address."));
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add(new("password", "member.weak_password", "password is required."));
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 200)
        {
            errors.Add(new("displayName", "member.invalid_display_name", "displayName is required and at most 200 characters."));
        }

        if (!Tiers.IsKnown(request.Tier))
        {
            errors.Add(new("tier", "member.unknown_tier", $"tier must be '{Tiers.Member}' or '{Tiers.NonMember}', not '{request.Tier}'."));
        }

        foreach (var (role, index) in (request.Roles ?? []).Select((r, i) => (r, i)))
        {
            if (!Roles.All.Contains(role))
            {
                errors.Add(new($"roles[{index}]", "member.unknown_role", $"Unknown role '{role}'; roles are {string.Join(", ", Roles.All)}."));
            }
        }

        return errors;
    }
}
