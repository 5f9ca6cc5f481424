using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing;

/// <summary>The quota policies in force: the cooperative's defaults over the configured sizes, with configured overrides.</summary>
internal sealed class QuotaPolicySource(IOptionsMonitor<QuotaOptions> options, NotebookCatalog catalog)
{
    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(options.CurrentValue.TimeZone);

    public TimeSpan BudgetReservation => options.CurrentValue.BudgetReservation;

    /// <summary>The policies, with each member's own budget override.</summary>
    public QuotaPolicies Policies(IReadOnlyDictionary<string, decimal> memberBudgets)
    {
        var sizes = catalog.Sizes.Select(s => new Sandbox.Quotas.SessionSize(s.Id, new ResourceAmounts(s.Cpu, s.MemoryGiB, s.Gpu))).ToList();
        var defaults = QuotaDefaults.PoliciesFor(sizes);
        var configured = options.CurrentValue;
        return new QuotaPolicies(Apply(defaults.Member, configured.Member), Apply(defaults.NonMember, configured.NonMember), memberBudgets);
    }

    private static QuotaPolicy Apply(QuotaPolicy policy, TierQuotaOptions overrides) => new(
        overrides.MaxConcurrentSessions ?? policy.MaxConcurrentSessions,
        overrides.AllowedSizes is { Count: > 0 } sizes ? sizes.ToHashSet(StringComparer.Ordinal) : policy.AllowedSizes,
        overrides.AllowedProfiles is { Count: > 0 } profiles ? profiles.ToHashSet(StringComparer.Ordinal) : policy.AllowedProfiles,
        overrides.MonthlyBudgetKrw ?? policy.MonthlyBudgetKrw);
}
