using Sandbox.Orchestrator.Culling;

namespace Sandbox.Orchestrator.Tests.Culling;

public sealed class CullingOptionsTests
{
    [Fact]
    public void Defaults_cull_after_an_hour_warn_ten_minutes_ahead_and_set_no_maximum_age()
    {
        var policy = new CullingOptions().For("member");
        Assert.Equal(new CullingPolicy(TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), null), policy);
    }

    [Fact]
    public void A_tier_overrides_only_what_it_sets_and_zero_turns_a_limit_off()
    {
        var options = new CullingOptions
        {
            IdleTimeout = TimeSpan.FromHours(2),
            MaxAge = TimeSpan.FromHours(12),
            Tiers =
            {
                ["non_member"] = new TierCullingOptions { IdleTimeout = TimeSpan.FromMinutes(30), MaxAge = TimeSpan.FromHours(4) },
                ["member"] = new TierCullingOptions { IdleTimeout = TimeSpan.Zero },
            },
        };

        Assert.Equal(new CullingPolicy(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromHours(4)), options.For("non_member"));
        Assert.Equal(new CullingPolicy(null, TimeSpan.FromMinutes(10), TimeSpan.FromHours(12)), options.For("member"));
    }

    [Fact]
    public void Negative_limits_and_sub_second_intervals_are_refused_with_every_problem_named()
    {
        var options = new CullingOptions
        {
            CheckInterval = TimeSpan.FromMilliseconds(100),
            Tiers = { ["member"] = new TierCullingOptions { MaxAge = TimeSpan.FromMinutes(-1) } },
        };

        var problems = options.Problems();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("CheckInterval", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Tiers:member:", StringComparison.Ordinal));
        Assert.Empty(new CullingOptions().Problems());
    }
}
