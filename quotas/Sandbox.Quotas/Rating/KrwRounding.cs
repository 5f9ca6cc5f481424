using System.Globalization;

namespace Sandbox.Quotas;

/// <summary>The contract's rounding: half away from zero, to a whole KRW for money and six decimals for shown quantities.</summary>
public static class KrwRounding
{
    /// <summary>Rounds to a whole KRW, half away from zero (2.5 -> 3, -2.5 -> -3).</summary>
    public static decimal ToWholeKrw(decimal krw) => decimal.Round(krw, 0, MidpointRounding.AwayFromZero);

    /// <summary>A quantity as the contract prints it: exactly six decimals, half away from zero.</summary>
    public static string QuantityText(decimal quantity) =>
        decimal.Round(quantity, 6, MidpointRounding.AwayFromZero).ToString("F6", CultureInfo.InvariantCulture);
}
