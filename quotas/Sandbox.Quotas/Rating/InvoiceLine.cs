namespace Sandbox.Quotas;

/// <summary>One (member, month, resource, tier, rate card) line of an invoice.</summary>
/// <param name="Resource">The resource billed.</param>
/// <param name="Tier">The tier it was billed at.</param>
/// <param name="RateCard">The rate card whose price applied.</param>
/// <param name="Quantity">Resource-hours, exact (not rounded to six decimals).</param>
/// <param name="AmountKrw">Quantity x rate, rounded half away from zero to a whole KRW.</param>
public sealed record InvoiceLine(Resource Resource, Tier Tier, RateCard RateCard, decimal Quantity, decimal AmountKrw)
{
    /// <summary>The rate applied, with the decimals it was given with.</summary>
    public decimal KrwPerHour => RateCard.KrwPerHour[Resource];

    /// <summary>The rate card's start as the input wrote it.</summary>
    public string RateEffectiveFrom => RateCard.EffectiveFromText;

    /// <summary>The quantity as printed: six decimals.</summary>
    public string QuantityText => KrwRounding.QuantityText(Quantity);
}
