namespace Sandbox.Quotas;

/// <summary>Turns line sums into ordered invoices with credits (contract rules 3 to 5).</summary>
internal static class InvoiceBuilder
{
    private static readonly decimal MillisecondsPerHour = Milliseconds.PerHour;

    public static InvoiceRun Build(PreparedScenario prepared, BillingMonth month, LineSums sums)
    {
        var members = prepared.Memberships.Members;
        var cards = prepared.Cards.Cards;

        // 1. Group line sums by member; member indexes already follow ordinal id order.
        var slotsByMember = new List<int>[members.Count];
        for (var slot = 0; slot < sums.Count; slot++)
        {
            (slotsByMember[sums.MemberAt(slot)] ??= []).Add(slot);
        }

        var credits = CreditsOf(prepared.Scenario.Credits, month);
        var invoices = new List<Invoice>();
        for (var member = 0; member < members.Count; member++)
        {
            if (slotsByMember[member] is not { } slots)
            {
                continue;
            }

            // 2. One line per resource and card with a quantity; amounts from the exact quantity.
            var lines = new List<InvoiceLine>();
            foreach (var slot in slots)
            {
                var card = cards[sums.CardAt(slot)];
                var totals = sums.SumsAt(slot);
                foreach (var resource in ResourceNames.All)
                {
                    var amountTimesMilliseconds = totals[resource];
                    if (amountTimesMilliseconds == 0)
                    {
                        continue;
                    }

                    var quantity = amountTimesMilliseconds / MillisecondsPerHour;
                    var amount = KrwRounding.ToWholeKrw(amountTimesMilliseconds * card.KrwPerHour[resource] / MillisecondsPerHour);
                    lines.Add(new InvoiceLine(resource, card.Tier, card, quantity, amount));
                }
            }

            if (lines.Count == 0)
            {
                continue;
            }

            // 3. Rule 5's line order, then rule 4's subtotal, capped credit and total.
            lines.Sort(CompareLines);
            var subtotal = lines.Sum(l => l.AmountKrw);
            var credit = Math.Min(subtotal, credits.GetValueOrDefault(members[member].MemberId));
            invoices.Add(new Invoice(members[member].MemberId, month, lines, subtotal, credit, subtotal - credit));
        }

        return new InvoiceRun(month, invoices);
    }

    private static Dictionary<string, decimal> CreditsOf(IReadOnlyList<Credit> credits, BillingMonth month)
    {
        var byMember = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var credit in credits)
        {
            if (credit.Month == month)
            {
                byMember[credit.MemberId] = byMember.GetValueOrDefault(credit.MemberId) + credit.Krw;
            }
        }

        return byMember;
    }

    private static int CompareLines(InvoiceLine left, InvoiceLine right)
    {
        var byResource = left.Resource.CompareTo(right.Resource);
        if (byResource != 0)
        {
            return byResource;
        }

        var byTier = string.CompareOrdinal(left.Tier.ToName(), right.Tier.ToName());
        return byTier != 0 ? byTier : left.RateCard.EffectiveFrom.CompareTo(right.RateCard.EffectiveFrom);
    }
}
