namespace Sandbox.Orchestrator.Audit;

/// <summary>The kinds of audited events. Billing staff see the money events; admins see all.</summary>
internal static class AuditKinds
{
    public const string SignIn = "auth.sign_in";
    public const string SignInFailed = "auth.sign_in_failed";
    public const string SignOut = "auth.sign_out";
    public const string CredentialsRefused = "auth.credentials_refused";
    public const string AccessRefused = "access.refused";
    public const string SessionCreated = "session.created";
    public const string SessionStopRequested = "session.stop_requested";
    public const string ShareCreated = "share.created";
    public const string ShareRevoked = "share.revoked";
    public const string NotebookAccessed = "notebook.accessed_by_other";
    public const string MemberCreated = "member.created";
    public const string MemberChanged = "member.changed";
    public const string MemberDisabled = "member.disabled";
    public const string MemberEnabled = "member.enabled";
    public const string MemberRemoved = "member.removed";
    public const string MemberHomeRemoved = "member.home_removed";
    public const string RateCardCreated = "rate_card.created";
    public const string CreditGranted = "credit.granted";
    public const string DatasetPublished = "dataset.publish_requested";
    public const string DatasetWithdrawn = "dataset.withdrawn";
    public const string DatasetAccessChanged = "dataset.access_changed";
    public const string InvoiceIssued = "invoice.issued";
    public const string InvoiceReissued = "invoice.reissued";

    /// <summary>Events about money: tiers and budgets, rate cards, credits, issued invoices.</summary>
    public static IReadOnlySet<string> Money { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MemberChanged, RateCardCreated, CreditGranted, InvoiceIssued, InvoiceReissued,
    };
}
