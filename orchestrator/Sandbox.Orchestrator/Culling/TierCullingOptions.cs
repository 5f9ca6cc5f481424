namespace Sandbox.Orchestrator.Culling;

/// <summary>One tier's culling overrides (<c>Sandbox:Culling:Tiers:{tier}</c>); null fields keep the general setting.</summary>
internal sealed class TierCullingOptions
{
    /// <summary>The idle timeout for this tier; <c>00:00:00</c> turns idle culling off for it.</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>How long before a stop this tier's members are warned.</summary>
    public TimeSpan? WarnBefore { get; set; }

    /// <summary>The maximum session age for this tier; <c>00:00:00</c> turns it off for it.</summary>
    public TimeSpan? MaxAge { get; set; }
}
