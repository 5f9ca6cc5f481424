using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Admission;

public sealed class QuotaAdmissionTests
{
    private static readonly QuotaPolicies Defaults = QuotaDefaults.Policies;

    private static AdmissionRequest Request(Tier tier = Tier.Member, string size = "small", string profile = "python", int active = 0, decimal monthToDate = 0) =>
        new("m-001", tier, size, profile, active, monthToDate);

    [Fact]
    public void A_launch_within_every_limit_is_admitted()
    {
        var decision = QuotaAdmission.Decide(Defaults, Request(active: 2, monthToDate: 99_999));

        Assert.True(decision.IsAdmitted);
        Assert.Null(decision.ReasonCode);
    }

    [Theory]
    [InlineData(Tier.Member, 3)]
    [InlineData(Tier.NonMember, 1)]
    public void Reaching_the_tiers_concurrent_session_limit_refuses_with_concurrent_sessions(Tier tier, int active)
    {
        var below = QuotaAdmission.Decide(Defaults, Request(tier, active: active - 1));
        var at = QuotaAdmission.Decide(Defaults, Request(tier, active: active));

        Assert.True(below.IsAdmitted);
        Assert.Equal("quota.concurrent_sessions", at.ReasonCode);
    }

    [Fact]
    public void A_size_outside_the_tier_refuses_with_size_not_allowed()
    {
        var nonMember = QuotaAdmission.Decide(Defaults, Request(Tier.NonMember, size: "large"));
        var member = QuotaAdmission.Decide(Defaults, Request(Tier.Member, size: "large"));

        Assert.Equal(QuotaRefusalReason.SizeNotAllowed, nonMember.Reason);
        Assert.Equal("quota.size_not_allowed", nonMember.ReasonCode);
        Assert.Equal("size 'large' is not available at tier non_member", nonMember.Message);
        Assert.True(member.IsAdmitted);
    }

    [Fact]
    public void A_profile_outside_the_tier_refuses_with_profile_not_allowed()
    {
        var policies = Defaults with { NonMember = Defaults.NonMember with { AllowedProfiles = new HashSet<string> { "python" } } };

        var decision = QuotaAdmission.Decide(policies, Request(Tier.NonMember, profile: "dotnet"));

        Assert.Equal("quota.profile_not_allowed", decision.ReasonCode);
        Assert.True(QuotaAdmission.Decide(policies, Request(Tier.NonMember, profile: "python")).IsAdmitted);
    }

    [Theory]
    [InlineData(Tier.Member, 100_000)]
    [InlineData(Tier.Member, 150_000)]
    [InlineData(Tier.NonMember, 50_000)]
    public void A_used_up_budget_refuses_with_monthly_budget(Tier tier, decimal monthToDate)
    {
        var decision = QuotaAdmission.Decide(Defaults, Request(tier, monthToDate: monthToDate));

        Assert.Equal("quota.monthly_budget", decision.ReasonCode);
    }

    [Fact]
    public void A_reserved_cost_larger_than_what_is_left_refuses_with_monthly_budget()
    {
        var fits = Request(monthToDate: 99_000) with { ReservedCostKrw = 1_000 };
        var doesNotFit = Request(monthToDate: 99_000) with { ReservedCostKrw = 1_001 };

        Assert.True(QuotaAdmission.Decide(Defaults, fits).IsAdmitted);
        Assert.Equal(QuotaRefusalReason.MonthlyBudget, QuotaAdmission.Decide(Defaults, doesNotFit).Reason);
    }

    [Fact]
    public void A_members_budget_override_replaces_the_tiers_budget()
    {
        var policies = Defaults with { MemberBudgetOverridesKrw = new Dictionary<string, decimal> { ["m-001"] = 200_000 } };

        Assert.True(QuotaAdmission.Decide(policies, Request(monthToDate: 150_000)).IsAdmitted);
        Assert.Equal(200_000m, policies.MonthlyBudgetKrw("m-001", Tier.Member));
        Assert.Equal(100_000m, policies.MonthlyBudgetKrw("m-002", Tier.Member));
    }

    [Fact]
    public void A_zero_budget_override_refuses_every_launch()
    {
        var policies = Defaults with { MemberBudgetOverridesKrw = new Dictionary<string, decimal> { ["m-001"] = 0 } };

        Assert.Equal(QuotaRefusalReason.MonthlyBudget, QuotaAdmission.Decide(policies, Request()).Reason);
    }

    [Fact]
    public void When_several_limits_are_broken_the_reason_follows_a_fixed_order()
    {
        var policies = Defaults with { NonMember = Defaults.NonMember with { AllowedProfiles = new HashSet<string>() } };
        var everythingWrong = Request(Tier.NonMember, size: "gpu", profile: "r", active: 5, monthToDate: 1_000_000);

        Assert.Equal(QuotaRefusalReason.ProfileNotAllowed, QuotaAdmission.Decide(policies, everythingWrong).Reason);
        Assert.Equal(QuotaRefusalReason.SizeNotAllowed, QuotaAdmission.Decide(Defaults, everythingWrong).Reason);
        Assert.Equal(QuotaRefusalReason.ConcurrentSessions, QuotaAdmission.Decide(Defaults, everythingWrong with { Size = "small" }).Reason);
    }

    [Fact]
    public void Negative_budgets_and_limits_make_policies_invalid_with_every_reason()
    {
        var policies = Defaults with
        {
            Member = Defaults.Member with { MonthlyBudgetKrw = -1 },
            NonMember = Defaults.NonMember with { MaxConcurrentSessions = -1 },
            MemberBudgetOverridesKrw = new Dictionary<string, decimal> { ["m-9"] = -5, ["m-1"] = 10 },
        };

        Assert.Equal(
            ["policy member: monthlyBudgetKrw is negative", "policy non_member: maxConcurrentSessions is negative", "budget override of member m-9: budget is negative"],
            policies.Validate().Select(e => e.ToString()));
        Assert.Empty(Defaults.Validate());
    }
}
