using System.Globalization;

namespace Sandbox.Quotas;

/// <summary>
/// Decides whether a launch fits the member's quota. Pure: being race-free is the caller's part (decide and
/// record the new session under one lock or transaction per member, so two launches cannot both see the old state).
/// </summary>
public static class QuotaAdmission
{
    /// <summary>
    /// Checks in a fixed order, so one request always gets the same reason: what the tier may launch at all
    /// (profile, then size) before what depends on the moment (concurrent sessions, then budget).
    /// </summary>
    public static AdmissionDecision Decide(QuotaPolicies policies, AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(request);
        var policy = policies.For(request.Tier);
        var tier = request.Tier.ToName();

        if (!policy.AllowsProfile(request.Profile))
        {
            return AdmissionDecision.Refused(
                QuotaRefusalReason.ProfileNotAllowed,
                $"profile '{request.Profile}' is not available at tier {tier}");
        }

        if (!policy.AllowsSize(request.Size))
        {
            return AdmissionDecision.Refused(
                QuotaRefusalReason.SizeNotAllowed,
                $"size '{request.Size}' is not available at tier {tier}");
        }

        if (request.ActiveSessions >= policy.MaxConcurrentSessions)
        {
            return AdmissionDecision.Refused(
                QuotaRefusalReason.ConcurrentSessions,
                string.Create(CultureInfo.InvariantCulture, $"{request.ActiveSessions} of {policy.MaxConcurrentSessions} concurrent sessions already in use"));
        }

        var budget = policies.MonthlyBudgetKrw(request.MemberId, request.Tier);
        var remaining = budget - request.MonthToDateCostKrw;
        if (remaining <= 0 || request.ReservedCostKrw > remaining)
        {
            return AdmissionDecision.Refused(
                QuotaRefusalReason.MonthlyBudget,
                string.Create(CultureInfo.InvariantCulture, $"month-to-date cost {KrwRounding.ToWholeKrw(request.MonthToDateCostKrw)} KRW leaves no room in the monthly budget of {budget} KRW"));
        }

        return AdmissionDecision.Admitted;
    }
}
