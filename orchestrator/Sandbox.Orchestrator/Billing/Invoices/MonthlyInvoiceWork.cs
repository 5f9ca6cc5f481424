using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>
/// Issues every closed month that has no issued version yet, from the month of the first usage on. Level-triggered: the
/// pass at 00:10 on the 1st issues the month just closed, and a pass at start-up (or any later pass) issues whatever a
/// stopped orchestrator missed. A month that has a version is never issued again by it; re-issues are explicit.
/// </summary>
internal sealed partial class MonthlyInvoiceWork(
    SandboxDbContext db, InvoiceIssuer issuer, QuotaPolicySource policies, TimeProvider clock, ILogger<MonthlyInvoiceWork> logger) : IScheduledWork
{
    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // 1. What is due: closed months since the first usage without an issued version.
        var firstUsage = await db.Sessions.AsNoTracking().Where(s => s.ReadyAt != null)
            .OrderBy(s => s.ReadyAt).Select(s => s.ReadyAt).FirstOrDefaultAsync(cancellationToken);
        var issued = await issuer.IssuedMonthsAsync(cancellationToken);
        var due = InvoiceCalendar.MonthsToIssue(firstUsage, issued, clock.GetUtcNow(), policies.TimeZone);

        // 2. Issue each, oldest first; one that cannot be issued (inconsistent data) does not hold back the others.
        foreach (var month in due)
        {
            var outcome = await issuer.IssueFirstAsync(month, cancellationToken);
            switch (outcome.Status)
            {
                case InvoiceIssueStatus.Issued:
                    Log.Issued(logger, month.ToString(), outcome.Issued!.Version);
                    break;
                case InvoiceIssueStatus.InvalidData:
                    Log.Refused(logger, month.ToString(), string.Join("; ", outcome.Errors.Select(e => e.ToString())));
                    break;
                default:
                    Log.Skipped(logger, month.ToString(), outcome.Status.ToString());
                    break;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Invoices of {Month} issued (version {Version})")]
        public static partial void Issued(ILogger logger, string month, int version);

        [LoggerMessage(2, LogLevel.Error, "Invoices of {Month} not issued: the stored billing data is inconsistent: {Errors}")]
        public static partial void Refused(ILogger logger, string month, string errors);

        [LoggerMessage(3, LogLevel.Debug, "Invoices of {Month} not issued: {Status}")]
        public static partial void Skipped(ILogger logger, string month, string status);
    }
}
