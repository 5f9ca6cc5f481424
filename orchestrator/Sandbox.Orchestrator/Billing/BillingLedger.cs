using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing;

/// <summary>
/// Reads what billing needs from the store and shapes it for the pure engine: rate cards, tier history, usage and
/// credits. Usage is each session's billable interval, <c>readyAt</c> to <c>endedAt</c> (to now while it runs), at its size.
/// </summary>
internal sealed class BillingLedger(SandboxDbContext db, QuotaPolicySource policies)
{
    /// <summary>Every rate card version, oldest first.</summary>
    public async Task<IReadOnlyList<RateCard>> RateCardsAsync(CancellationToken cancellationToken) =>
        (await db.RateCards.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(c => c.EffectiveFrom).ThenBy(c => c.Tier, StringComparer.Ordinal)
            .Select(ToRateCard).ToList();

    /// <summary>The scenario of one month, for every member or one.</summary>
    public async Task<BillingScenario> MonthAsync(BillingMonth month, string? memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = policies.TimeZone;
        var from = month.StartIn(zone);
        var to = month.Next.StartIn(zone);
        var usage = await UsageAsync(memberId, from, to, now, cancellationToken);
        var members = usage.Select(u => u.MemberId).ToHashSet(StringComparer.Ordinal);
        if (memberId is not null)
        {
            members.Add(memberId);
        }

        var text = month.ToString();
        var credits = await db.Credits.AsNoTracking().Where(c => c.Month == text && (memberId == null || c.MemberId == memberId)).ToListAsync(cancellationToken);
        return new BillingScenario(
            zone,
            await RateCardsAsync(cancellationToken),
            await MembershipsAsync(members, cancellationToken),
            usage,
            credits.Select(c => new Credit(c.MemberId, month, c.Krw, c.Reason)).ToList());
    }

    /// <summary>Usage overlapping [from, to), running sessions counted up to now.</summary>
    public async Task<IReadOnlyList<UsageRecord>> UsageAsync(string? memberId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sessions = await BilledSessionsAsync(memberId, from, to, cancellationToken);
        return sessions
            .Select(s => (Session: s, End: s.EndedAt ?? now))
            .Where(s => s.End > s.Session.ReadyAt)
            .OrderBy(s => s.Session.ReadyAt).ThenBy(s => s.Session.Id, StringComparer.Ordinal)
            .Select(s => new UsageRecord(s.Session.Id, s.Session.OwnerId, s.Session.Id, s.Session.ReadyAt!.Value, s.End,
                new ResourceAmounts(s.Session.Cpu, s.Session.MemoryGiB, s.Session.Gpu)))
            .ToList();
    }

    /// <summary>Sessions whose billable interval (ready to ended, or still running) overlaps [from, to), for one member or all.</summary>
    public async Task<List<Session>> BilledSessionsAsync(string? memberId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await db.Sessions.AsNoTracking()
            .Where(s => s.ReadyAt != null && s.ReadyAt < to && (s.EndedAt == null || s.EndedAt > from))
            .Where(s => memberId == null || s.OwnerId == memberId)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// One page of <see cref="BilledSessionsAsync"/>, in the order the billable intervals began (ready instant, then id):
    /// the key a <see cref="Paging.PageCursor"/> carries as <c>[readyAt in Unix ms, id]</c>.
    /// </summary>
    public async Task<Paging.Page<Session>> BilledSessionsPageAsync(
        string? memberId, DateTimeOffset from, DateTimeOffset to, Paging.PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.Sessions.AsNoTracking()
            .Where(s => s.ReadyAt != null && s.ReadyAt < to && (s.EndedAt == null || s.EndedAt > from))
            .Where(s => memberId == null || s.OwnerId == memberId);
        if (page.After is { } after && after.Long(0) is { } readyMs)
        {
            DateTimeOffset? ready = DateTimeOffset.FromUnixTimeMilliseconds(readyMs);
            var id = after.Key[1];
            #pragma warning disable CA1309 // SQL: compared on the store's collation, the same the ORDER BY below uses
            query = query.Where(s => s.ReadyAt > ready || (s.ReadyAt == ready && string.Compare(s.Id, id) > 0));
            #pragma warning restore CA1309
        }

        var fetched = await query.OrderBy(s => s.ReadyAt).ThenBy(s => s.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return page.PageOf(fetched, s => Paging.PageCursor.Of(s.ReadyAt!.Value.ToUnixTimeMilliseconds(), s.Id));
    }

    /// <summary>The tier periods of some members.</summary>
    public async Task<IReadOnlyList<Membership>> MembershipsAsync(IReadOnlyCollection<string> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.ToList();
        var periods = await db.MemberTiers.AsNoTracking().Where(t => ids.Contains(t.MemberId)).ToListAsync(cancellationToken);
        return periods.OrderBy(p => p.MemberId, StringComparer.Ordinal).ThenBy(p => p.From)
            .Select(p => new Membership(p.MemberId, Tiers.ToTier(p.Tier), p.From, p.To))
            .ToList();
    }

    /// <summary>Members' own budget overrides.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> BudgetOverridesAsync(string memberId, CancellationToken cancellationToken)
    {
        var budget = await db.Users.AsNoTracking().Where(u => u.Id == memberId).Select(u => u.MonthlyBudgetKrw).FirstOrDefaultAsync(cancellationToken);
        return budget is { } krw ? new Dictionary<string, decimal> { [memberId] = krw } : new Dictionary<string, decimal>();
    }

    /// <summary>The sessions of a member that hold a seat: live and not asked to stop.</summary>
    public async Task<IReadOnlyList<Session>> ActiveSessionsAsync(string memberId, CancellationToken cancellationToken) =>
        await db.Sessions.AsNoTracking()
            .Where(s => s.OwnerId == memberId && !s.StopRequested && s.State != SessionState.Stopped && s.State != SessionState.Failed)
            .ToListAsync(cancellationToken);

    public static RateCard ToRateCard(RateCardRecord c) =>
        new(Tiers.ToTier(c.Tier), c.EffectiveFrom, new ResourceAmounts(c.CpuKrwPerHour, c.MemoryGiBKrwPerHour, c.GpuKrwPerHour))
        {
            EffectiveFromAsGiven = c.EffectiveFromText,
        };
}
