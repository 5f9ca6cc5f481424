namespace Sandbox.Quotas;

/// <summary>The outcome of an admission check: admitted, or refused with one stable reason and a message for people.</summary>
public sealed record AdmissionDecision(QuotaRefusalReason? Reason, string Message)
{
    public bool IsAdmitted => Reason is null;

    /// <summary>The API's <c>reason</c>, for example <c>quota.concurrent_sessions</c>; null when admitted.</summary>
    public string? ReasonCode => Reason?.ToCode();

    public static AdmissionDecision Admitted { get; } = new(null, "admitted");

    public static AdmissionDecision Refused(QuotaRefusalReason reason, string message) => new(reason, message);
}
