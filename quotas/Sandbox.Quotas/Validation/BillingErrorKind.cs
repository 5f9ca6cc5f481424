namespace Sandbox.Quotas;

/// <summary>What is wrong with a billing input; <see cref="BillingErrorCodes"/> gives each a stable machine-readable code.</summary>
public enum BillingErrorKind
{
    /// <summary>Not JSON, or a value of the wrong JSON type.</summary>
    MalformedInput,
    /// <summary>A required field is absent.</summary>
    MissingField,
    /// <summary>A time that is not ISO 8601 with an offset.</summary>
    MalformedTime,
    /// <summary>A month that is not <c>YYYY-MM</c>.</summary>
    MalformedMonth,
    /// <summary>A tier other than <c>member</c> and <c>non_member</c>.</summary>
    UnknownTier,
    /// <summary>A time zone id the machine's time zone database does not know.</summary>
    UnknownTimeZone,
    /// <summary>A usage record whose end is not after its start.</summary>
    EndNotAfterStart,
    /// <summary>A negative resource amount or credit.</summary>
    NegativeAmount,
    /// <summary>A negative rate.</summary>
    NegativeRate,
    /// <summary>Two usage records with one id.</summary>
    DuplicateUsageId,
    /// <summary>A membership whose end is not after its start.</summary>
    MembershipEndNotAfterStart,
    /// <summary>Two membership periods of one member that overlap.</summary>
    OverlappingMemberships,
    /// <summary>Usage, or part of it, while the member has no membership.</summary>
    NoMembership,
    /// <summary>Usage, or part of it, while no rate card of the member's tier is in force.</summary>
    NoRateCard,
    /// <summary>Two rate cards of one tier taking effect at the same instant (which one holds is undefined).</summary>
    DuplicateRateCard,
    /// <summary>A new rate card that would take effect in the past, rewriting history.</summary>
    RateCardInPast,
    /// <summary>A negative monthly budget or budget override.</summary>
    NegativeBudget,
    /// <summary>A negative concurrent-session limit.</summary>
    NegativeLimit,
    /// <summary>Amounts so large that exact decimal arithmetic overflows.</summary>
    ArithmeticOverflow,
}
