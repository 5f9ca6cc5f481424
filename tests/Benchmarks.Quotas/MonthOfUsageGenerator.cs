using Sandbox.Quotas;

namespace Benchmarks.Quotas;

/// <summary>
/// A deterministic month (November 2026, Seoul) of usage: a fixed seed, so every run rates the same records.
/// It exercises every split: a fifth of the members change tier mid-month, the member rate card changes on the
/// 15th, and some sessions start in October and end in November.
/// </summary>
internal static class MonthOfUsageGenerator
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    public static BillingScenario Generate(int memberCount, int usageCount, int seed = 20261101)
    {
        var random = new Random(seed);
        var yearStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, Seoul);
        var monthStart = new DateTimeOffset(2026, 11, 1, 0, 0, 0, Seoul);
        var midMonth = new DateTimeOffset(2026, 11, 15, 0, 0, 0, Seoul);

        // 1. Rate cards: the defaults, and a member price change on the 15th with decimal rates.
        var rateCards = QuotaDefaults.RateCardsFrom(yearStart)
            .Append(new RateCard(Tier.Member, midMonth, new ResourceAmounts(31.5m, 4.25m, 1250m)))
            .ToArray();

        // 2. Memberships: every fifth member moves from non-member to member at a random instant of the month.
        var memberIds = Enumerable.Range(0, memberCount).Select(i => $"m-{i:D5}").ToArray();
        var memberships = new List<Membership>(memberCount * 2);
        foreach (var (memberId, index) in memberIds.Select((id, i) => (id, i)))
        {
            if (index % 5 == 0)
            {
                var change = monthStart.AddMilliseconds(random.NextInt64(0, 29L * 24 * 3600 * 1000));
                memberships.Add(new Membership(memberId, Tier.NonMember, yearStart, change));
                memberships.Add(new Membership(memberId, Tier.Member, change, null));
            }
            else
            {
                memberships.Add(new Membership(memberId, index % 3 == 0 ? Tier.NonMember : Tier.Member, yearStart, null));
            }
        }

        // 3. Usage: sizes from the default catalog, one minute to eight hours, to the millisecond.
        var sizes = QuotaDefaults.Sizes;
        var usage = new UsageRecord[usageCount];
        var window = 30L * 24 * 3600 * 1000;
        for (var i = 0; i < usageCount; i++)
        {
            var start = monthStart.AddMilliseconds(random.NextInt64(-6L * 3600 * 1000, window - (8L * 3600 * 1000)));
            var end = start.AddMilliseconds(random.NextInt64(60_000, 8L * 3600 * 1000));
            var size = sizes[random.Next(sizes.Count)];
            usage[i] = new UsageRecord($"u-{i:D7}", memberIds[random.Next(memberCount)], $"s-{i:D7}", start, end, size.Resources);
        }

        // 4. Credits: a data voucher for every tenth member.
        var credits = memberIds.Where((_, i) => i % 10 == 0)
            .Select(id => new Credit(id, new BillingMonth(2026, 11), 5_000m, "data voucher"))
            .ToArray();

        return new BillingScenario(BillingScenario.DefaultTimeZone, rateCards, memberships, usage, credits);
    }
}
