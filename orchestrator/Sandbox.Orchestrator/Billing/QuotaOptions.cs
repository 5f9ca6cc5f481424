namespace Sandbox.Orchestrator.Billing;

/// <summary>Quotas and billing (section <c>Sandbox:Quotas</c>). Unset values take the cooperative's defaults.</summary>
internal sealed class QuotaOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Quotas";

    /// <summary>Time zone whose calendar months are billing months. Default <c>Asia/Seoul</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Seoul";

    /// <summary>
    /// How much running time each active session reserves from the monthly budget when another launch is decided
    /// (so two launches cannot together overrun it). Default 1 hour.
    /// </summary>
    public TimeSpan BudgetReservation { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Members' policy. Defaults: 3 concurrent sessions, every size and profile, 100,000 KRW a month.</summary>
    public TierQuotaOptions Member { get; set; } = new();

    /// <summary>Non-members' policy. Defaults: 1 session, the two smallest sizes, every profile, 50,000 KRW a month.</summary>
    public TierQuotaOptions NonMember { get; set; } = new();
}

/// <summary>One tier's quota; null fields keep the default.</summary>
internal sealed class TierQuotaOptions
{
    /// <summary>Sessions that may be live at once.</summary>
    public int? MaxConcurrentSessions { get; set; }

    /// <summary>Size ids allowed; empty or unset keeps the default.</summary>
    public List<string>? AllowedSizes { get; set; }

    /// <summary>Profile ids allowed; empty or unset allows every profile.</summary>
    public List<string>? AllowedProfiles { get; set; }

    /// <summary>Monthly budget in KRW.</summary>
    public decimal? MonthlyBudgetKrw { get; set; }
}
