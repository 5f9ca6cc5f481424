using FsCheck;
using FsCheck.Fluent;
using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// The generators and shrinkers behind <see cref="BillingPropertyTests"/>: what they make is valid, so the properties
/// test rating and not refusal, and a failure shrinks to a scenario small enough to read.
/// </summary>
public sealed class ScenarioGeneratorTests
{
    [Fact]
    public void Generated_scenarios_are_valid_so_the_properties_test_rating_not_refusal()
    {
        PropertyChecks.Check(
            Prop.ForAll(ScenarioArbitraries.Scenarios, generated => Assert.Empty(ScenarioValidator.Validate(generated.Scenario))),
            maxTest: 100);
    }

    [Fact]
    public void Every_shrink_of_a_generated_scenario_is_valid_and_differs_from_it()
    {
        PropertyChecks.Check(
            Prop.ForAll(ScenarioArbitraries.Scenarios, generated =>
            {
                var original = generated.ToString();
                foreach (var shrunk in ScenarioShrinker.Shrink(generated.Scenario))
                {
                    Assert.Empty(ScenarioValidator.Validate(shrunk));
                    Assert.NotEqual(original, BillingScenarioJson.ToJsonString(shrunk));
                }
            }),
            maxTest: 30);
    }

    [Fact]
    public void Generated_usage_crosses_seoul_month_boundaries_and_comes_to_the_millisecond()
    {
        var november = new BillingMonth(2026, 11).StartIn(BillingScenario.DefaultTimeZone);
        var usage = ScenarioGenerators.Scenario.Sample(numberOfSamples: 200, new Rnd(20261101, 1), size: 100).SelectMany(s => s.Usage).ToArray();

        Assert.Contains(usage, u => u.Start < november && u.End > november);
        Assert.Contains(usage, u => Math.Abs((u.Start - november).TotalMilliseconds) <= 3);
        Assert.Contains(usage, u => u.Start.Millisecond != 0);
        Assert.All(usage, u => Assert.Equal(0, u.Start.Ticks % TimeSpan.TicksPerMillisecond));
    }

    [Fact]
    public void A_failing_property_shrinks_to_one_member_with_one_short_usage_record()
    {
        // A property that is false as soon as anyone used a GPU in November; the last case that failed is the
        // one FsCheck reports once no shrink of it fails any more.
        BillingScenario? reported = null;
        var noGpuInNovember = Prop.ForAll(ScenarioArbitraries.Scenarios, generated =>
        {
            var gpuLines = Invoices(generated.Scenario, November).Invoices.SelectMany(i => i.Lines).Count(l => l.Resource == Resource.Gpu);
            if (gpuLines > 0)
            {
                reported = generated.Scenario;
                Assert.Fail("a GPU line");
            }
        });

        Assert.ThrowsAny<Exception>(() => PropertyChecks.CheckFrom(noGpuInNovember, seed: 20261101, gamma: 1));

        Assert.NotNull(reported);
        var record = Assert.Single(reported.Usage);
        Assert.Single(reported.Memberships);
        Assert.Empty(reported.Credits);
        Assert.Equal(2, reported.RateCards.Count);
        Assert.Equal(new ResourceAmounts(0, 0, record.Amounts.Gpu), record.Amounts);
        Assert.Equal(1, (record.End - record.Start).TotalMilliseconds);
    }
}
