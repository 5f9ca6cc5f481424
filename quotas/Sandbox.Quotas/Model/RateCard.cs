namespace Sandbox.Quotas;

/// <summary>
/// The prices of one tier from <see cref="EffectiveFrom"/> until the next card of the same tier takes effect.
/// Past cards never change; a new price is a new card.
/// </summary>
/// <param name="Tier">The tier these prices apply to.</param>
/// <param name="EffectiveFrom">The instant the card takes effect (inclusive).</param>
/// <param name="KrwPerHour">KRW per vCPU-hour, per GiB-hour of memory and per GPU-hour.</param>
public sealed record RateCard(Tier Tier, DateTimeOffset EffectiveFrom, ResourceAmounts KrwPerHour)
{
    /// <summary>
    /// <see cref="EffectiveFrom"/> exactly as the input wrote it; invoices repeat it verbatim.
    /// Null when the card was made in code, and then <see cref="EffectiveFromText"/> formats the instant.
    /// </summary>
    public string? EffectiveFromAsGiven { get; init; }

    /// <summary>The text invoices show as <c>rateEffectiveFrom</c>.</summary>
    public string EffectiveFromText => EffectiveFromAsGiven ?? InstantText.Format(EffectiveFrom);
}
