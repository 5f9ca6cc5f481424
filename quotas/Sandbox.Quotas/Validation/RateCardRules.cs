namespace Sandbox.Quotas;

/// <summary>Rules for publishing a new rate card version: history never changes.</summary>
public static class RateCardRules
{
    /// <summary>
    /// Every reason <paramref name="candidate"/> may not be added to <paramref name="existing"/> at
    /// <paramref name="now"/>: it would take effect in the past, a rate is negative, or its tier already has a
    /// card starting at that instant.
    /// </summary>
    public static IReadOnlyList<BillingError> ValidateNew(IReadOnlyList<RateCard> existing, RateCard candidate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(candidate);
        var name = $"rate card (tier {candidate.Tier.ToName()}, effectiveFrom {candidate.EffectiveFromText})";
        var errors = new List<BillingError>();
        if (candidate.EffectiveFrom < now)
        {
            errors.Add(new BillingError(BillingErrorKind.RateCardInPast, name, "effectiveFrom is in the past; past prices never change"));
        }

        if (candidate.KrwPerHour.AnyNegative)
        {
            errors.Add(new BillingError(BillingErrorKind.NegativeRate, name, "a rate is negative"));
        }

        if (existing.Any(c => c.Tier == candidate.Tier && Milliseconds.Of(c.EffectiveFrom) == Milliseconds.Of(candidate.EffectiveFrom)))
        {
            errors.Add(new BillingError(BillingErrorKind.DuplicateRateCard, name, "a card of this tier already takes effect at that instant"));
        }

        return errors;
    }
}
