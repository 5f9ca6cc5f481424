using System.Text;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>
/// Issues a month's invoices into the store: computes the run exactly as <c>GET /api/v1/invoices</c> does, and stores its
/// JSON, CSV and per-member totals as the next version. The unique (month, version) key decides between issuers racing
/// on one store (two replicas, or the monthly run and a catch-up pass): one insert wins, the other stores nothing.
/// </summary>
internal sealed class InvoiceIssuer(SandboxDbContext db, BillingLedger ledger, QuotaPolicySource policies, AuditLog audit, TimeProvider clock)
{
    /// <summary>The issuer of scheduled versions.</summary>
    public const string Scheduler = "scheduler";

    // Re-issues racing for the next version number retry this many times before giving up.
    private const int ReissueAttempts = 3;

    /// <summary>The run of <paramref name="month"/> computed from the store now (open months count running sessions to now).</summary>
    public async Task<InvoiceRunResult> ComputeAsync(BillingMonth month, CancellationToken cancellationToken)
    {
        var scenario = await ledger.MonthAsync(month, null, clock.GetUtcNow(), cancellationToken);
        return BillingEngine.Run(scenario, month);
    }

    /// <summary>Issues version 1 of a closed month unless it already has a version: the scheduled, idempotent issue.</summary>
    public async Task<InvoiceIssueOutcome> IssueFirstAsync(BillingMonth month, CancellationToken cancellationToken)
    {
        if (!InvoiceCalendar.IsClosed(month, clock.GetUtcNow(), policies.TimeZone))
        {
            return InvoiceIssueOutcome.Of(InvoiceIssueStatus.NotClosed);
        }

        var text = month.ToString();
        if (await db.IssuedInvoices.AnyAsync(i => i.Month == text, cancellationToken))
        {
            return InvoiceIssueOutcome.Of(InvoiceIssueStatus.AlreadyIssued);
        }

        var outcome = await StoreVersionAsync(month, 1, Scheduler, AuditKinds.InvoiceIssued, cancellationToken);
        return outcome ?? InvoiceIssueOutcome.Of(InvoiceIssueStatus.AlreadyIssued);
    }

    /// <summary>Issues the next version of a closed month on behalf of <paramref name="memberId"/>; earlier versions stay.</summary>
    public async Task<InvoiceIssueOutcome> ReissueAsync(BillingMonth month, string memberId, CancellationToken cancellationToken)
    {
        if (!InvoiceCalendar.IsClosed(month, clock.GetUtcNow(), policies.TimeZone))
        {
            return InvoiceIssueOutcome.Of(InvoiceIssueStatus.NotClosed);
        }

        var text = month.ToString();
        for (var attempt = 0; attempt < ReissueAttempts; attempt++)
        {
            var latest = await db.IssuedInvoices.Where(i => i.Month == text).MaxAsync(i => (int?)i.Version, cancellationToken) ?? 0;
            if (await StoreVersionAsync(month, latest + 1, memberId, AuditKinds.InvoiceReissued, cancellationToken) is { } outcome)
            {
                return outcome;
            }
        }

        return InvoiceIssueOutcome.Of(InvoiceIssueStatus.Contended);
    }

    /// <summary>The latest issued version of a month; null when it has none.</summary>
    public async Task<IssuedInvoiceRecord?> LatestAsync(BillingMonth month, CancellationToken cancellationToken)
    {
        var text = month.ToString();
        return await db.IssuedInvoices.AsNoTracking().Where(i => i.Month == text)
            .OrderByDescending(i => i.Version).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every issued version of a month, oldest first, with its per-member totals.</summary>
    public async Task<IReadOnlyList<IssuedInvoiceVersionView>> VersionsAsync(BillingMonth month, CancellationToken cancellationToken)
    {
        var text = month.ToString();
        var versions = await db.IssuedInvoices.AsNoTracking().Where(i => i.Month == text)
            .Select(i => new { i.Version, i.IssuedAt, i.IssuedBy }).ToListAsync(cancellationToken);
        var members = await db.IssuedInvoiceMembers.AsNoTracking().Where(m => m.Month == text).ToListAsync(cancellationToken);
        return versions.OrderBy(v => v.Version).Select(v =>
        {
            var rows = members.Where(m => m.Version == v.Version).OrderBy(m => m.MemberId, StringComparer.Ordinal).ToList();
            return new IssuedInvoiceVersionView(text, v.Version, v.IssuedAt, v.IssuedBy, rows.Count, rows.Sum(m => m.TotalKrw),
                rows.Select(m => new IssuedInvoiceMemberView(m.MemberId, m.SubtotalKrw, m.CreditKrw, m.TotalKrw)).ToList());
        }).ToList();
    }

    /// <summary>The months that have at least one issued version.</summary>
    public async Task<IReadOnlySet<BillingMonth>> IssuedMonthsAsync(CancellationToken cancellationToken)
    {
        var texts = await db.IssuedInvoices.AsNoTracking().Select(i => i.Month).Distinct().ToListAsync(cancellationToken);
        var months = new HashSet<BillingMonth>();
        foreach (var text in texts)
        {
            if (BillingMonth.TryParse(text, out var month))
            {
                months.Add(month);
            }
        }

        return months;
    }

    /// <summary>
    /// Computes the run and stores it as <paramref name="version"/> with its member rows and audit entry, in one
    /// transaction. Null when another issuer stored that version first (the unique key refused this one).
    /// </summary>
    private async Task<InvoiceIssueOutcome?> StoreVersionAsync(BillingMonth month, int version, string issuedBy, string auditKind, CancellationToken cancellationToken)
    {
        // 1. The run as the API computes it; inconsistent data issues nothing.
        var result = await ComputeAsync(month, cancellationToken);
        if (result.Run is not { } run)
        {
            return InvoiceIssueOutcome.Refused(result.Errors);
        }

        // 2. The version, its member rows and its audit entry, saved by one SaveChanges (one transaction).
        var now = clock.GetUtcNow();
        var text = month.ToString();
        var record = new IssuedInvoiceRecord
        {
            Month = text,
            Version = version,
            IssuedAt = now,
            IssuedBy = issuedBy,
            Json = Encoding.UTF8.GetString(InvoiceJson.ToUtf8Bytes(run)),
            Csv = InvoiceCsv.ToCsvString(run),
        };
        db.IssuedInvoices.Add(record);
        db.IssuedInvoiceMembers.AddRange(run.Invoices.Select(i => new IssuedInvoiceMemberRecord
        {
            Month = text,
            Version = version,
            MemberId = i.MemberId,
            SubtotalKrw = i.SubtotalKrw,
            CreditKrw = i.CreditKrw,
            TotalKrw = i.TotalKrw,
            IssuedAt = now,
            IssuedBy = issuedBy,
        }));
        audit.Add(auditKind, issuedBy == Scheduler ? null : issuedBy, $"invoices/{text}",
            new { month = text, version, invoices = run.Invoices.Count, totalKrw = run.Invoices.Sum(i => i.TotalKrw) });

        // 3. A racing issuer that stored this version first makes the insert fail on the unique key: nothing of ours stays.
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return InvoiceIssueOutcome.Stored(record);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.IssuedInvoices.AnyAsync(i => i.Month == text && i.Version == version, cancellationToken))
            {
                return null;
            }

            throw;
        }
    }
}
