namespace Sandbox.Quotas;

/// <summary>A launch to decide on, with the member's state at the instant of the decision.</summary>
/// <param name="MemberId">Who launches.</param>
/// <param name="Tier">The member's tier at that instant.</param>
/// <param name="Size">The requested size id.</param>
/// <param name="Profile">The requested profile id.</param>
/// <param name="ActiveSessions">The member's sessions that hold or will hold resources (not stopped, not failed).</param>
/// <param name="MonthToDateCostKrw">The month's cost so far, running sessions counted up to now, before credits.</param>
public sealed record AdmissionRequest(
    string MemberId,
    Tier Tier,
    string Size,
    string Profile,
    int ActiveSessions,
    decimal MonthToDateCostKrw)
{
    /// <summary>
    /// Cost to reserve for the new session (for example its first hour from
    /// <see cref="SessionPricing.ProjectedCostKrw"/>); refused if it does not fit in what is left. Zero by default:
    /// then a launch is refused only once the budget is used up.
    /// </summary>
    public decimal ReservedCostKrw { get; init; }
}
