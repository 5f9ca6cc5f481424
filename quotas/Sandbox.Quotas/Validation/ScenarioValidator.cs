using System.Runtime.CompilerServices;

namespace Sandbox.Quotas;

/// <summary>
/// Finds every reason rule 6 of the billing contract makes an input invalid, each naming its record, instead
/// of stopping at the first. Errors come in a fixed order (record kind, then input order), so the same input
/// always gives the same message.
/// </summary>
public static class ScenarioValidator
{
    /// <param name="scenario">The records to check.</param>
    /// <param name="checkCoverage">
    /// Whether to check that every instant of use has a membership and a rate card. Pass false when some
    /// records could not be read at all: the missing ones would otherwise show up as spurious gaps.
    /// </param>
    public static IReadOnlyList<BillingError> Validate(BillingScenario scenario, bool checkCoverage = true)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Validate(new PreparedScenario(scenario), checkCoverage, null);
    }

    /// <summary>Validates, and when <paramref name="rating"/> is given rates its month in the same walk.</summary>
    internal static IReadOnlyList<BillingError> Validate(PreparedScenario prepared, bool checkCoverage, RatingTarget? rating)
    {
        var scenario = prepared.Scenario;
        var errors = new List<BillingError>();
        CheckRateCards(scenario.RateCards, errors);
        var membersWithOverlaps = CheckMemberships(scenario.Memberships, errors);
        CheckUsage(prepared, checkCoverage, membersWithOverlaps, rating, errors);
        CheckCredits(scenario.Credits, errors);
        return errors;
    }

    private static void CheckRateCards(IReadOnlyList<RateCard> cards, List<BillingError> errors)
    {
        var seen = new HashSet<(Tier, long)>();
        for (var i = 0; i < cards.Count; i++)
        {
            var card = cards[i];
            var name = RecordNames.RateCard(i, card.Tier.ToName());
            if (card.KrwPerHour.AnyNegative)
            {
                errors.Add(new BillingError(BillingErrorKind.NegativeRate, name, "a rate is negative"));
            }

            if (!seen.Add((card.Tier, Milliseconds.Of(card.EffectiveFrom))))
            {
                errors.Add(new BillingError(
                    BillingErrorKind.DuplicateRateCard,
                    name,
                    $"another card of this tier also takes effect at {card.EffectiveFromText}"));
            }
        }
    }

    private static HashSet<string> CheckMemberships(IReadOnlyList<Membership> memberships, List<BillingError> errors)
    {
        // 1. Each period on its own.
        for (var i = 0; i < memberships.Count; i++)
        {
            var membership = memberships[i];
            if (membership.To is { } to && to <= membership.From)
            {
                errors.Add(new BillingError(
                    BillingErrorKind.MembershipEndNotAfterStart,
                    RecordNames.Membership(i, membership.MemberId),
                    "to is not after from"));
            }
        }

        // 2. Periods of one member, sorted by start: each must end before the next begins.
        var membersWithOverlaps = new HashSet<string>(StringComparer.Ordinal);
        var byMember = Enumerable.Range(0, memberships.Count)
            .GroupBy(i => memberships[i].MemberId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byMember)
        {
            // The period reaching furthest so far is the one a later period may overlap.
            var sorted = group.OrderBy(i => memberships[i].From).ThenBy(i => i).ToArray();
            var furthest = sorted[0];
            for (var k = 1; k < sorted.Length; k++)
            {
                var earlier = memberships[furthest];
                var later = memberships[sorted[k]];
                if (earlier.To is null || earlier.To > later.From)
                {
                    membersWithOverlaps.Add(group.Key);
                    errors.Add(new BillingError(
                        BillingErrorKind.OverlappingMemberships,
                        RecordNames.Membership(sorted[k], later.MemberId),
                        $"overlaps memberships[{furthest}] of the same member"));
                }

                if (earlier.To is not null && (later.To is null || later.To > earlier.To))
                {
                    furthest = sorted[k];
                }
            }
        }

        return membersWithOverlaps;
    }

    // Runs once per run over a million records: compiled fully optimised at once rather than through
    // on-stack replacement of the unoptimised first compilation.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckUsage(
        PreparedScenario prepared,
        bool checkCoverage,
        HashSet<string> membersWithOverlaps,
        RatingTarget? rating,
        List<BillingError> errors)
    {
        var usage = prepared.Scenario.Usage;
        var zone = prepared.Scenario.TimeZone;
        var ids = new HashSet<string>(usage.Count, StringComparer.Ordinal);
        foreach (var record in usage)
        {
            // 1. The record on its own. (Names are made only for errors: a million valid records allocate nothing.)
            var ordered = record.End > record.Start;
            if (!ordered)
            {
                errors.Add(new BillingError(BillingErrorKind.EndNotAfterStart, RecordNames.Usage(record.Id), "end is not after start"));
            }

            if (record.Amounts.AnyNegative)
            {
                errors.Add(new BillingError(BillingErrorKind.NegativeAmount, RecordNames.Usage(record.Id), "a resource amount is negative"));
            }

            if (!ids.Add(record.Id))
            {
                errors.Add(new BillingError(BillingErrorKind.DuplicateUsageId, RecordNames.Usage(record.Id), "another usage record has the same id"));
            }

            // 2. Every instant of it needs a membership and a rate card of the tier then; overlapping
            //    periods are already reported and make the tier at an instant undefined, so they are skipped.
            if (!checkCoverage || !ordered || membersWithOverlaps.Contains(record.MemberId))
            {
                continue;
            }

            var start = Milliseconds.Of(record.Start);
            var end = Milliseconds.Of(record.End);
            var periods = prepared.Memberships.Find(record.MemberId);
            var sink = new CoverageSink(rating?.Sums, rating?.MonthStart ?? 0, rating?.MonthEnd ?? 0, periods?.MemberIndex ?? -1, record.Amounts);
            if (periods is not null)
            {
                periods.Split(start, end, prepared.Cards, ref sink);
            }
            else
            {
                sink.NoMembership(start, end);
            }

            if (sink.FirstWithoutMembership is var (gapStart, gapEnd))
            {
                errors.Add(new BillingError(
                    BillingErrorKind.NoMembership,
                    RecordNames.Usage(record.Id),
                    $"member {record.MemberId} has no membership from {Format(gapStart, zone)} to {Format(gapEnd, zone)}"));
            }

            if (sink.FirstWithoutRateCard is var (tier, cardGapStart, cardGapEnd))
            {
                errors.Add(new BillingError(
                    BillingErrorKind.NoRateCard,
                    RecordNames.Usage(record.Id),
                    $"no rate card of tier {tier.ToName()} is in force from {Format(cardGapStart, zone)} to {Format(cardGapEnd, zone)}"));
            }
        }
    }

    private static void CheckCredits(IReadOnlyList<Credit> credits, List<BillingError> errors)
    {
        for (var i = 0; i < credits.Count; i++)
        {
            if (credits[i].Krw < 0)
            {
                errors.Add(new BillingError(
                    BillingErrorKind.NegativeAmount,
                    RecordNames.Credit(i, credits[i].MemberId),
                    "krw is negative"));
            }
        }
    }

    private static string Format(long milliseconds, TimeZoneInfo zone) =>
        InstantText.Format(Milliseconds.ToInstant(milliseconds, zone));
}
