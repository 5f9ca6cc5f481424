namespace Sandbox.Quotas;

/// <summary>Stable machine-readable codes of <see cref="BillingErrorKind"/>, for problem+json <c>reason</c> fields.</summary>
public static class BillingErrorCodes
{
    public static string ToCode(this BillingErrorKind kind) => kind switch
    {
        BillingErrorKind.MalformedInput => "billing.malformed_input",
        BillingErrorKind.MissingField => "billing.missing_field",
        BillingErrorKind.MalformedTime => "billing.malformed_time",
        BillingErrorKind.MalformedMonth => "billing.malformed_month",
        BillingErrorKind.UnknownTier => "billing.unknown_tier",
        BillingErrorKind.UnknownTimeZone => "billing.unknown_time_zone",
        BillingErrorKind.EndNotAfterStart => "billing.usage_end_not_after_start",
        BillingErrorKind.NegativeAmount => "billing.negative_amount",
        BillingErrorKind.NegativeRate => "billing.negative_rate",
        BillingErrorKind.DuplicateUsageId => "billing.duplicate_usage_id",
        BillingErrorKind.MembershipEndNotAfterStart => "billing.membership_end_not_after_start",
        BillingErrorKind.OverlappingMemberships => "billing.overlapping_memberships",
        BillingErrorKind.NoMembership => "billing.no_membership",
        BillingErrorKind.NoRateCard => "billing.no_rate_card",
        BillingErrorKind.DuplicateRateCard => "billing.duplicate_rate_card",
        BillingErrorKind.RateCardInPast => "billing.rate_card_in_past",
        BillingErrorKind.NegativeBudget => "billing.negative_budget",
        BillingErrorKind.NegativeLimit => "billing.negative_limit",
        BillingErrorKind.ArithmeticOverflow => "billing.arithmetic_overflow",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown error kind."),
    };
}
