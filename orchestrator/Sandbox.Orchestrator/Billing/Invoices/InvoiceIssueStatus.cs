namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>What asking to issue a month came to.</summary>
internal enum InvoiceIssueStatus
{
    /// <summary>A new version was stored.</summary>
    Issued,

    /// <summary>The month already had an issued version (or another issuer stored it first); nothing was stored.</summary>
    AlreadyIssued,

    /// <summary>The month has not closed yet (see <see cref="InvoiceCalendar"/>); nothing was stored.</summary>
    NotClosed,

    /// <summary>The stored billing data is inconsistent, so the engine refused the run; nothing was stored.</summary>
    InvalidData,

    /// <summary>Other re-issues kept winning the next version number; nothing was stored.</summary>
    Contended,
}
