namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// Idle culling and maximum session age (section <c>Sandbox:Culling</c>). Every setting can be overridden per tier under
/// <c>Tiers:{tier}</c>, e.g. <c>Sandbox__Culling__Tiers__non_member__IdleTimeout</c>.
/// </summary>
internal sealed class CullingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Culling";

    /// <summary>
    /// How long a notebook may show no activity (no request, no kernel message, no busy kernel) before it is stopped with
    /// reason <c>idle</c>. Default 1 hour; <c>00:00:00</c> turns idle culling off.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before an idle or max-age stop its owner is warned. Default 10 minutes.</summary>
    public TimeSpan WarnBefore { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a session may run (from ready) before it is stopped with reason <c>max_age</c>. Default unset: no maximum.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>How often running sessions are checked. Default 1 minute (at least 1 second).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one request to a notebook server may take before it counts as unreachable. Default 5 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-tier overrides (<c>member</c>, <c>non_member</c>); unset fields keep the values above.</summary>
    public Dictionary<string, TierCullingOptions> Tiers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The policy in force for sessions of <paramref name="tier"/>.</summary>
    public CullingPolicy For(string tier)
    {
        var overrides = Tiers.GetValueOrDefault(tier);
        var idle = overrides?.IdleTimeout ?? IdleTimeout;
        var maxAge = overrides?.MaxAge ?? MaxAge;
        return new CullingPolicy(
            idle > TimeSpan.Zero ? idle : null,
            overrides?.WarnBefore ?? WarnBefore,
            maxAge > TimeSpan.Zero ? maxAge : null);
    }

    /// <summary>Every reason these options are unusable, empty when they are fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (CheckInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add("Sandbox:Culling:CheckInterval must be at least 1 second.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add("Sandbox:Culling:RequestTimeout must be positive.");
        }

        var all = Tiers.Select(t => ($"Tiers:{t.Key}:", t.Value.IdleTimeout, t.Value.WarnBefore, t.Value.MaxAge)).Prepend(("", IdleTimeout, WarnBefore, MaxAge));
        foreach (var (prefix, idle, warn, maxAge) in all)
        {
            if (idle < TimeSpan.Zero || warn < TimeSpan.Zero || maxAge < TimeSpan.Zero)
            {
                problems.Add($"Sandbox:Culling:{prefix}IdleTimeout, WarnBefore and MaxAge must not be negative.");
            }
        }

        return problems;
    }
}
