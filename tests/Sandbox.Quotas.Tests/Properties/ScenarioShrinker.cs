using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// Shrinks a failing scenario towards the smallest one that still fails. Every candidate is still valid (a refused
/// input would fail every property for the wrong reason) and strictly simpler: fewer records, shorter usage, or a
/// smaller number. Candidates come biggest cut first, so FsCheck's greedy search drops whole members
/// and records before it starts on numbers.
/// </summary>
internal static class ScenarioShrinker
{
    public static IEnumerable<BillingScenario> Shrink(BillingScenario scenario)
    {
        // 1. One member fewer, with their memberships, usage and credits.
        var members = scenario.Memberships.Select(m => m.MemberId).Distinct().ToArray();
        if (members.Length > 1)
        {
            foreach (var member in members)
            {
                yield return scenario with
                {
                    Memberships = [.. scenario.Memberships.Where(m => m.MemberId != member)],
                    Usage = [.. scenario.Usage.Where(u => u.MemberId != member)],
                    Credits = [.. scenario.Credits.Where(c => c.MemberId != member)],
                };
            }
        }

        // 2. One usage record, credit or later rate card fewer (the first card of a tier keeps all usage priced).
        for (var i = 0; i < scenario.Usage.Count; i++)
        {
            yield return scenario with { Usage = Without(scenario.Usage, i) };
        }

        for (var i = 0; i < scenario.Credits.Count; i++)
        {
            yield return scenario with { Credits = Without(scenario.Credits, i) };
        }

        for (var i = 0; i < scenario.RateCards.Count; i++)
        {
            var card = scenario.RateCards[i];
            if (scenario.RateCards.Any(c => c.Tier == card.Tier && c.EffectiveFrom < card.EffectiveFrom))
            {
                yield return scenario with { RateCards = Without(scenario.RateCards, i) };
            }
        }

        // 3. One tier change fewer: the earlier period runs on to where the later one ended.
        foreach (var member in members)
        {
            var periods = scenario.Memberships.Where(m => m.MemberId == member).OrderBy(m => m.From).ToArray();
            for (var k = 1; k < periods.Length; k++)
            {
                var merged = periods[k - 1] with { To = periods[k].To };
                yield return scenario with
                {
                    Memberships = [.. scenario.Memberships.Where(m => m != periods[k]).Select(m => m == periods[k - 1] ? merged : m)],
                };
            }
        }

        // 4. Shorter usage (its first or its second half), then simpler amounts.
        for (var i = 0; i < scenario.Usage.Count; i++)
        {
            var record = scenario.Usage[i];
            var milliseconds = record.End.ToUnixTimeMilliseconds() - record.Start.ToUnixTimeMilliseconds();
            if (milliseconds >= 2)
            {
                var middle = record.Start.AddMilliseconds(milliseconds / 2);
                yield return scenario with { Usage = Replaced(scenario.Usage, i, record with { End = middle }) };
                yield return scenario with { Usage = Replaced(scenario.Usage, i, record with { Start = middle }) };
            }

            foreach (var amounts in Simpler(record.Amounts))
            {
                yield return scenario with { Usage = Replaced(scenario.Usage, i, record with { Amounts = amounts }) };
            }
        }

        // 5. Simpler rates and credits.
        for (var i = 0; i < scenario.RateCards.Count; i++)
        {
            var card = scenario.RateCards[i];
            foreach (var rates in Simpler(card.KrwPerHour))
            {
                yield return scenario with { RateCards = Replaced(scenario.RateCards, i, card with { KrwPerHour = rates }) };
            }
        }

        for (var i = 0; i < scenario.Credits.Count; i++)
        {
            var credit = scenario.Credits[i];
            foreach (var krw in Simpler(credit.Krw))
            {
                yield return scenario with { Credits = Replaced(scenario.Credits, i, credit with { Krw = krw }) };
            }
        }
    }

    private static IEnumerable<ResourceAmounts> Simpler(ResourceAmounts amounts) =>
    [
        .. Simpler(amounts.Cpu).Select(cpu => amounts with { Cpu = cpu }),
        .. Simpler(amounts.MemoryGiB).Select(memory => amounts with { MemoryGiB = memory }),
        .. Simpler(amounts.Gpu).Select(gpu => amounts with { Gpu = gpu }),
    ];

    /// <summary>
    /// Smaller non-negative numbers: zero, one, then the whole part of a fraction or half of a whole number. Each is
    /// below the number and at most one step leaves a fraction, so shrinking a number always ends.
    /// </summary>
    private static IEnumerable<decimal> Simpler(decimal value)
    {
        if (value > 0)
        {
            yield return 0;
        }

        if (value > 1)
        {
            yield return 1;
        }

        var whole = decimal.Truncate(value);
        if (whole != value)
        {
            if (whole > 1)
            {
                yield return whole;
            }
        }
        else if (whole > 3)
        {
            yield return decimal.Truncate(whole / 2);
        }
    }

    private static T[] Without<T>(IReadOnlyList<T> items, int index) => [.. items.Where((_, i) => i != index)];

    private static T[] Replaced<T>(IReadOnlyList<T> items, int index, T replacement) =>
        [.. items.Select((item, i) => i == index ? replacement : item)];
}
