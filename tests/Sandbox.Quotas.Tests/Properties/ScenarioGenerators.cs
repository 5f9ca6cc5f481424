using FsCheck;
using FsCheck.Fluent;
using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// FsCheck generators of valid billing scenarios around November 2026 in Asia/Seoul: members whose tier changes at
/// effective-dated instants, several rate cards per tier with decimal rates, usage to the millisecond that often
/// starts or ends within a few milliseconds of a Seoul month boundary (or of the UTC one, which must not split
/// anything), and credits with decimals. Counts grow with FsCheck's size, so the first cases tried are small.
/// </summary>
internal static class ScenarioGenerators
{
    /// <summary>The months the window touches: usage of each of them can be invoiced.</summary>
    public static readonly BillingMonth[] Months = [new(2026, 10), new(2026, 11), new(2026, 12)];

    private const int MillisecondsPerDay = 86_400_000;
    private const int MillisecondsPerHour = 3_600_000;
    private const int WindowDays = 42;

    private static readonly TimeSpan SeoulOffset = TimeSpan.FromHours(9);

    // Every member has a tier and every tier a rate card from this instant on, so all usage in the window is covered.
    private static readonly DateTimeOffset CoverageStart = new(2026, 1, 1, 0, 0, 0, SeoulOffset);
    private static readonly DateTimeOffset WindowStart = new(2026, 10, 25, 0, 0, 0, SeoulOffset);

    // Seoul month starts are where rule 1 splits; UTC month starts (09:00 in Seoul) are where a wrong zone would.
    private static readonly DateTimeOffset[] MonthBoundaries =
    [
        .. Months.Skip(1).Select(m => m.StartIn(BillingScenario.DefaultTimeZone)),
        .. Months.Skip(1).Select(m => m.StartIn(TimeZoneInfo.Utc).ToOffset(SeoulOffset)),
    ];

    public static Gen<BillingScenario> Scenario =>
        Gen.Sized(size =>
            from members in MemberIds(size)
            from memberships in Gen.CollectToArray(members, member => TierPeriods(member, size))
            from cards in Gen.CollectToArray(Enum.GetValues<Tier>(), tier => RateCards(tier, size))
            from usage in Usage(members, size)
            from credits in Gen.CollectToArray(members, member => Credits(member, size))
            select new BillingScenario(
                BillingScenario.DefaultTimeZone,
                cards.SelectMany(c => c).ToArray(),
                memberships.SelectMany(m => m).ToArray(),
                usage,
                credits.SelectMany(c => c).ToArray()));

    /// <summary>An instant to the millisecond in the window, a third of the time at or next to a month boundary.</summary>
    private static Gen<DateTimeOffset> Instant =>
        Gen.Frequency(
            (4, from day in Gen.Choose(0, WindowDays - 1)
                from millisecond in Gen.Choose(0, MillisecondsPerDay - 1)
                select WindowStart.AddDays(day).AddMilliseconds(millisecond)),
            (1, from boundary in Gen.Elements(MonthBoundaries)
                from millisecond in Gen.Choose(-3, 3)
                select boundary.AddMilliseconds(millisecond)),
            (1, from boundary in Gen.Elements(MonthBoundaries)
                from millisecond in Gen.Choose(-2 * MillisecondsPerHour, 2 * MillisecondsPerHour)
                select boundary.AddMilliseconds(millisecond)));

    private static Gen<string[]> MemberIds(int size) =>
        Gen.Choose(1, 1 + Math.Min(3, size / 25)).Select(count => Enumerable.Range(1, count).Select(i => $"m-{i:D3}").ToArray());

    /// <summary>Contiguous, open-ended membership periods of one member: a tier change ends one and starts the next.</summary>
    private static Gen<Membership[]> TierPeriods(string member, int size) =>
        from count in Gen.Choose(0, Math.Min(2, size / 20))
        from changes in Instant.ArrayOf(count)
        from tiers in TierOf.ArrayOf(count + 1)
        select Periods(member, DistinctSorted(changes), tiers);

    private static Membership[] Periods(string member, DateTimeOffset[] changes, Tier[] tiers)
    {
        var starts = changes.Prepend(CoverageStart).ToArray();
        return starts
            .Select((start, i) => new Membership(member, tiers[i], start, i + 1 < starts.Length ? starts[i + 1] : null))
            .ToArray();
    }

    /// <summary>A card of the tier in force from the coverage start, then up to three price changes in the window.</summary>
    private static Gen<RateCard[]> RateCards(Tier tier, int size) =>
        from count in Gen.Choose(0, Math.Min(3, size / 15))
        from changes in Instant.ArrayOf(count)
        from rates in Rates.ArrayOf(count + 1)
        select DistinctSorted(changes).Prepend(CoverageStart).Select((start, i) => new RateCard(tier, start, rates[i])).ToArray();

    private static Gen<UsageRecord[]> Usage(string[] members, int size) =>
        from count in Gen.Choose(1, 1 + Math.Min(19, size / 5))
        from records in Gen.CollectToArray(Enumerable.Range(0, count), i => UsageRecord(i, members))
        select records;

    private static Gen<UsageRecord> UsageRecord(int index, string[] members) =>
        from member in Gen.Elements(members)
        from start in Instant
        from milliseconds in Duration
        from amounts in Amounts
        select new UsageRecord($"u-{index}", member, $"s-{index}", start, start.AddMilliseconds(milliseconds), amounts);

    /// <summary>A few milliseconds, up to an hour, or up to three days: long enough to cross every kind of boundary.</summary>
    private static Gen<int> Duration =>
        Gen.Frequency(
            (1, Gen.Choose(1, 5)),
            (2, Gen.Choose(1, MillisecondsPerHour)),
            (3, Gen.Choose(MillisecondsPerHour, 72 * MillisecondsPerHour)));

    private static Gen<ResourceAmounts> Amounts =>
        from cpu in Gen.OneOf(Gen.Choose(0, 16).Select(Whole), Gen.Choose(0, 1_600).Select(u => Scaled(u, 2)))
        from memory in Gen.OneOf(Gen.Choose(0, 64).Select(Whole), Gen.Choose(0, 6_400).Select(u => Scaled(u, 2)))
        from gpu in Gen.Frequency((3, Gen.Constant(0m)), (1, Gen.Elements(1m, 2m, 0.5m)))
        select new ResourceAmounts(cpu, memory, gpu);

    /// <summary>KRW per hour: whole, or with two or three decimals that the output must keep as given (30.50).</summary>
    private static Gen<ResourceAmounts> Rates =>
        from cpu in Rate(5_000)
        from memory in Rate(100)
        from gpu in Rate(3_000)
        select new ResourceAmounts(cpu, memory, gpu);

    private static Gen<decimal> Rate(int max) =>
        Gen.OneOf(
            Gen.Choose(0, max).Select(Whole),
            Gen.Choose(0, max * 100).Select(u => Scaled(u, 2)),
            Gen.Choose(0, max * 1_000).Select(u => Scaled(u, 3)));

    private static Gen<Credit[]> Credits(string member, int size) =>
        from count in Gen.Choose(0, Math.Min(2, size / 30))
        from credits in Gen.CollectToArray(
            Enumerable.Range(0, count),
            _ => from month in Gen.Elements(Months)
                 from units in Gen.Choose(0, 300_000)
                 select new Credit(member, month, Scaled(units, 2), "voucher"))
        select credits;

    private static Gen<Tier> TierOf => Gen.Elements(Tier.Member, Tier.NonMember);

    private static decimal Whole(int units) => units;

    /// <summary>A decimal with exactly <paramref name="scale"/> decimals, trailing zeros kept (3050, 2 is 30.50).</summary>
    private static decimal Scaled(int units, byte scale) => new(units, 0, 0, false, scale);

    private static DateTimeOffset[] DistinctSorted(DateTimeOffset[] instants) =>
        instants.DistinctBy(i => i.ToUnixTimeMilliseconds()).Order().ToArray();
}
