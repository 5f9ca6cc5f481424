using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Billing.Invoices;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing;

/// <summary>Quotas, prices, usage, invoices, rate cards and credits.</summary>
internal static class BillingApi
{
    public static RouteGroupBuilder MapBillingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sizes", SizesAsync).WithTags("Catalog").WithSummary("Session sizes with their hourly price at the caller's tier.");
        api.MapGet("/me/quota", MyQuotaAsync).WithTags("Billing").WithSummary("My limits, usage, month-to-date cost and remaining budget.");
        api.MapGet("/usage", UsageAsync).WithTags("Billing").WithSummary("Billable session intervals (own; billing staff and admins: anyone's), in the order they began; pages of limit (default 100, at most 1000), the next one named by Link: rel=\"next\".");
        api.MapInvoicesApi();
        api.MapGet("/rate-cards", RateCardsAsync).WithTags("Billing").WithSummary("Every rate card version.");
        api.MapPost("/rate-cards", AddRateCardAsync).WithTags("Billing").RequireAuthorization(AuthorizationPolicies.Admin)
            .WithSummary("Adds a rate card version taking effect now or later (admins); past versions never change.");
        return api;
    }

    private static async Task<Ok<List<SizeView>>> SizesAsync(ClaimsPrincipal user, QuotaLedger quotas, NotebookCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var status = await quotas.StatusAsync(user.MemberId(), clock.GetUtcNow(), ct);
        return TypedResults.Ok(PricedSizes(catalog, status, clock.GetUtcNow()));
    }

    private static async Task<Ok<QuotaView>> MyQuotaAsync(ClaimsPrincipal user, QuotaLedger quotas, NotebookCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var status = await quotas.StatusAsync(user.MemberId(), now, ct);
        var policy = status.Policy;
        return TypedResults.Ok(new QuotaView(
            status.Tier.ToName(),
            status.Month.ToString(),
            new QuotaLimitsView(policy.MaxConcurrentSessions, policy.AllowedSizes?.Order(StringComparer.Ordinal).ToList(),
                policy.AllowedProfiles?.Order(StringComparer.Ordinal).ToList(), status.MonthlyBudgetKrw),
            new QuotaUsedView(status.ActiveSessions, KrwRounding.ToWholeKrw(status.ReservedKrw)),
            KrwRounding.ToWholeKrw(status.MonthToDateKrw),
            Math.Max(0, KrwRounding.ToWholeKrw(status.MonthlyBudgetKrw - status.MonthToDateKrw)),
            PricedSizes(catalog, status, now)));
    }

    private static async Task<Results<Ok<IReadOnlyList<UsageView>>, ProblemHttpResult>> UsageAsync(
        string? member, string? from, string? to, string? limit, string? cursor, ClaimsPrincipal user, BillingLedger ledger, QuotaPolicySource policies,
        TimeProvider clock, HttpContext context, CancellationToken ct)
    {
        if (Paging.PageRequest.TryRead(limit, cursor, 2, out var problem) is not { } page)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        var me = user.MemberId();
        if (member is not null && member != me && !user.IsInRole(Roles.Billing) && !user.IsInRole(Roles.Admin))
        {
            return ApiProblem.Forbidden("usage.forbidden", "Analysts see their own usage only.");
        }

        var start = BillingMonth.Containing(now, policies.TimeZone).StartIn(policies.TimeZone);
        var end = now;
        if ((from is not null && !InstantText.TryParse(from, out start)) || (to is not null && !InstantText.TryParse(to, out end)))
        {
            return ApiProblem.BadRequest("usage.invalid_time", "from and to must be ISO 8601 instants with an offset, for example 2026-11-01T00:00:00+09:00.");
        }

        if (end <= start)
        {
            return ApiProblem.BadRequest("usage.invalid_range", "to must be after from.");
        }

        var canSeeAll = user.IsInRole(Roles.Billing) || user.IsInRole(Roles.Admin);
        var owner = member ?? (canSeeAll ? null : me);
        var sessions = await ledger.BilledSessionsPageAsync(owner, start, end, page, ct);
        return sessions.Answer(context, s => new UsageView(
            s.Id, s.OwnerId, s.Profile, s.SizeId, s.Cpu, s.MemoryGiB, s.Gpu, s.ReadyAt!.Value, s.EndedAt,
            Math.Round((decimal)((s.EndedAt ?? now) - s.ReadyAt!.Value).TotalMilliseconds / 3_600_000m, 6),
            s.Datasets.Select(d => new SessionDatasetView(d.Name, d.Version)).ToList()));
    }

    private static async Task<Ok<List<RateCardView>>> RateCardsAsync(SandboxDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.RateCards.AsNoTracking().ToListAsync(ct))
            .OrderBy(c => c.Tier, StringComparer.Ordinal).ThenBy(c => c.EffectiveFrom)
            .Select(ViewOf).ToList());

    private static async Task<Results<Created<RateCardView>, ProblemHttpResult>> AddRateCardAsync(
        NewRateCard request, ClaimsPrincipal user, SandboxDbContext db, BillingLedger ledger, TimeProvider clock, AuditLog audit, CancellationToken ct)
    {
        // 1. Shape: a known tier, an instant with an offset, three rates.
        var errors = new List<ValidationError>();
        if (!TierNames.TryParse(request.Tier, out var tier))
        {
            errors.Add(new("tier", "rate_card.unknown_tier", $"tier must be 'member' or 'non_member', not '{request.Tier}'."));
        }

        if (!InstantText.TryParse(request.EffectiveFrom, out var effectiveFrom))
        {
            errors.Add(new("effectiveFrom", "rate_card.invalid_time", "effectiveFrom must be an ISO 8601 instant with an offset."));
        }

        if (request.KrwPerHour is null)
        {
            errors.Add(new("krwPerHour", "rate_card.missing_rates", "krwPerHour {cpu, memoryGiB, gpu} is required."));
        }

        if (errors.Count > 0)
        {
            return ApiProblem.Invalid(errors);
        }

        // 2. The billing rules: not in the past, no negative rate, not on top of another version.
        var rates = request.KrwPerHour!;
        var candidate = new RateCard(tier, effectiveFrom, new ResourceAmounts(rates.Cpu, rates.MemoryGiB, rates.Gpu)) { EffectiveFromAsGiven = request.EffectiveFrom };
        var refused = RateCardRules.ValidateNew(await ledger.RateCardsAsync(ct), candidate, clock.GetUtcNow());
        if (refused.Count > 0)
        {
            return ApiProblem.Invalid(refused.Select(e => new ValidationError("rateCard", e.Code, e.Message)).ToList());
        }

        var record = new RateCardRecord
        {
            Tier = tier.ToName(),
            EffectiveFrom = effectiveFrom,
            EffectiveFromText = request.EffectiveFrom!,
            CpuKrwPerHour = rates.Cpu,
            MemoryGiBKrwPerHour = rates.MemoryGiB,
            GpuKrwPerHour = rates.Gpu,
            CreatedBy = user.MemberId(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.RateCards.Add(record);
        audit.Add(AuditKinds.RateCardCreated, record.CreatedBy, $"{record.Tier}@{record.EffectiveFromText}", new { rates });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/v1/rate-cards", ViewOf(record));
    }

    private static RateCardView ViewOf(RateCardRecord c) =>
        new(c.Tier, c.EffectiveFromText, new RatesView(c.CpuKrwPerHour, c.MemoryGiBKrwPerHour, c.GpuKrwPerHour), c.CreatedBy, c.CreatedAt);

    private static List<SizeView> PricedSizes(NotebookCatalog catalog, QuotaStatus status, DateTimeOffset now) =>
        catalog.Sizes.Select(s => new SizeView(s.Id, s.Cpu, s.MemoryGiB, s.Gpu,
            QuotaLedger.HourlyPrice(new ResourceAmounts(s.Cpu, s.MemoryGiB, s.Gpu), status.Tier, now, status.RateCards),
            status.Policy.AllowsSize(s.Id))).ToList();
}
