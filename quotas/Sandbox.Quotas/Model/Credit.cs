namespace Sandbox.Quotas;

/// <summary>An amount taken off a member's invoice for one month, for example a data voucher.</summary>
/// <param name="MemberId">The member credited.</param>
/// <param name="Month">The month whose invoice it reduces.</param>
/// <param name="Krw">The amount in KRW (never negative).</param>
/// <param name="Reason">Why it was granted, for people reading the invoice.</param>
public sealed record Credit(string MemberId, BillingMonth Month, decimal Krw, string Reason);
