namespace Sandbox.Quotas;

/// <summary>
/// Receives the fragments a usage record splits into. A struct implementing it lets the JIT specialise the
/// splitting loops for rating and for validation without a delegate call per fragment.
/// </summary>
internal interface IFragmentSink
{
    /// <summary>[start, end) in milliseconds is billed under the run-wide rate card <paramref name="cardIndex"/>.</summary>
    void Add(int cardIndex, long start, long end);

    /// <summary>[start, end) falls where the member has no membership.</summary>
    void NoMembership(long start, long end);

    /// <summary>[start, end) falls where no card of <paramref name="tier"/> is in force.</summary>
    void NoRateCard(Tier tier, long start, long end);
}
