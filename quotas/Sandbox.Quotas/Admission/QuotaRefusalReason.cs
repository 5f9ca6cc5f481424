namespace Sandbox.Quotas;

/// <summary>Why a launch is refused; <see cref="QuotaReasonCodes"/> gives the API's stable <c>reason</c> strings.</summary>
public enum QuotaRefusalReason
{
    ProfileNotAllowed,
    SizeNotAllowed,
    ConcurrentSessions,
    MonthlyBudget,
}
