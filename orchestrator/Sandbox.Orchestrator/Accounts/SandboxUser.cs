using Microsoft.AspNetCore.Identity;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>An account: every account is an analyst; roles add mentor, billing and admin.</summary>
internal sealed class SandboxUser : IdentityUser
{
    /// <summary>The name people see.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A per-member monthly budget in KRW that overrides the tier's; null uses the tier's.</summary>
    public long? MonthlyBudgetKrw { get; set; }

    /// <summary>When an admin disabled the account (no sign-in, no session; history and invoices kept); null while enabled.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>
    /// When an admin removed the member: personal data erased, the account kept under a pseudonym (its id, usage and
    /// invoices stay for the books); null while a member.
    /// </summary>
    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>When a removed member's home was deleted (a grace period after the removal); null until then.</summary>
    public DateTimeOffset? HomeRemovedAt { get; set; }
}
