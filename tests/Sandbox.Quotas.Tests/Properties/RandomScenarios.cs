using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// Random but valid scenarios around November 2026 in Seoul: contiguous memberships with tier changes,
/// several rate cards per tier with decimal rates, usage to the 100 ns tick crossing every kind of boundary,
/// and credits with decimals.
/// </summary>
internal static class RandomScenarios
{
    private static readonly DateTimeOffset YearStart = At("2026-01-01T00:00:00+09:00");
    private static readonly DateTimeOffset WindowStart = At("2026-10-25T00:00:00+09:00");
    private static readonly long WindowTicks = TimeSpan.FromDays(42).Ticks;

    public static BillingScenario Generate(Random random)
    {
        var members = Enumerable.Range(1, random.Next(1, 5)).Select(i => $"m-{i:D3}").ToArray();

        var cards = new List<RateCard>();
        foreach (var tier in Enum.GetValues<Tier>())
        {
            cards.Add(new RateCard(tier, YearStart, Rates(random)));
            foreach (var instant in Instants(random, random.Next(0, 4)))
            {
                cards.Add(new RateCard(tier, instant, Rates(random)));
            }
        }

        var memberships = new List<Membership>();
        foreach (var member in members)
        {
            var from = YearStart;
            foreach (var change in Instants(random, random.Next(0, 3)))
            {
                memberships.Add(new Membership(member, RandomTier(random), from, change));
                from = change;
            }

            memberships.Add(new Membership(member, RandomTier(random), from, null));
        }

        var usage = Enumerable.Range(0, random.Next(1, 20)).Select(i =>
        {
            var start = WindowStart.AddTicks(random.NextInt64(WindowTicks));
            var end = start.AddTicks(random.NextInt64(TimeSpan.TicksPerMillisecond, TimeSpan.FromHours(72).Ticks));
            return new UsageRecord($"u-{i}", members[random.Next(members.Length)], $"s-{i}", start, end, new ResourceAmounts(Amount(random), Amount(random), random.Next(3) == 0 ? 1 : 0));
        }).ToArray();

        var credits = members.Where(_ => random.Next(2) == 0)
            .Select(m => new Credit(m, random.Next(3) == 0 ? new BillingMonth(2026, 10) : November, random.Next(0, 300_000) / 100m, "voucher"))
            .ToArray();

        // Distinct instants keep cards of one tier from sharing a start, which validation would refuse.
        return new BillingScenario(BillingScenario.DefaultTimeZone, cards.DistinctBy(c => (c.Tier, c.EffectiveFrom.ToUnixTimeMilliseconds())).ToArray(), memberships, usage, credits);
    }

    private static IEnumerable<DateTimeOffset> Instants(Random random, int count) =>
        Enumerable.Range(0, count)
            .Select(_ => WindowStart.AddMilliseconds(random.NextInt64(WindowTicks / TimeSpan.TicksPerMillisecond)))
            .Distinct()
            .Order();

    private static ResourceAmounts Rates(Random random) =>
        new(random.Next(0, 500_000) / 100m, random.Next(0, 100_000) / 1000m, random.Next(0, 300_000) / 100m);

    private static decimal Amount(Random random) => random.Next(0, 1_601) / 100m;

    private static Tier RandomTier(Random random) => random.Next(2) == 0 ? Tier.Member : Tier.NonMember;
}
