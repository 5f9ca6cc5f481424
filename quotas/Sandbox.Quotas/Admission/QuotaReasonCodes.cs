namespace Sandbox.Quotas;

/// <summary>The stable <c>reason</c> of a 403 quota refusal, as the API contract lists them.</summary>
public static class QuotaReasonCodes
{
    public const string ConcurrentSessions = "quota.concurrent_sessions";
    public const string SizeNotAllowed = "quota.size_not_allowed";
    public const string ProfileNotAllowed = "quota.profile_not_allowed";
    public const string MonthlyBudget = "quota.monthly_budget";

    public static string ToCode(this QuotaRefusalReason reason) => reason switch
    {
        QuotaRefusalReason.ConcurrentSessions => ConcurrentSessions,
        QuotaRefusalReason.SizeNotAllowed => SizeNotAllowed,
        QuotaRefusalReason.ProfileNotAllowed => ProfileNotAllowed,
        QuotaRefusalReason.MonthlyBudget => MonthlyBudget,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown refusal reason."),
    };
}
