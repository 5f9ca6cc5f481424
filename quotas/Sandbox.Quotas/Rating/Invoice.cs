namespace Sandbox.Quotas;

/// <summary>A member's invoice for one month.</summary>
/// <param name="MemberId">The member billed.</param>
/// <param name="Month">The month billed.</param>
/// <param name="Lines">Lines ordered by resource, then tier, then rate card start.</param>
/// <param name="SubtotalKrw">Sum of the line amounts.</param>
/// <param name="CreditKrw">The month's credits, capped at the subtotal.</param>
/// <param name="TotalKrw">Subtotal minus credit; never negative.</param>
public sealed record Invoice(
    string MemberId,
    BillingMonth Month,
    IReadOnlyList<InvoiceLine> Lines,
    decimal SubtotalKrw,
    decimal CreditKrw,
    decimal TotalKrw);
