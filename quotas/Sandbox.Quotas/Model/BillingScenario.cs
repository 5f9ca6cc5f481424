namespace Sandbox.Quotas;

/// <summary>Everything an invoice run reads: the contract's input file, or the orchestrator's store.</summary>
/// <param name="TimeZone">The zone whose calendar months are billed (Asia/Seoul by default).</param>
/// <param name="RateCards">Every rate card of every tier, in any order.</param>
/// <param name="Memberships">Every membership period of every member, in any order.</param>
/// <param name="Usage">Usage records, in any order.</param>
/// <param name="Credits">Credits, in any order.</param>
public sealed record BillingScenario(
    TimeZoneInfo TimeZone,
    IReadOnlyList<RateCard> RateCards,
    IReadOnlyList<Membership> Memberships,
    IReadOnlyList<UsageRecord> Usage,
    IReadOnlyList<Credit> Credits)
{
    /// <summary>The time zone id used when the input names none.</summary>
    public const string DefaultTimeZoneId = "Asia/Seoul";

    /// <summary>Asia/Seoul, resolved from the machine's time zone database.</summary>
    public static TimeZoneInfo DefaultTimeZone => TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZoneId);
}
