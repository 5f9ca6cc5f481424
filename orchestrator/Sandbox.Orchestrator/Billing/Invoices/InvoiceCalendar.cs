using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>
/// When a billing month closes and which months are due: pure, with "now" and the billing time zone passed in. A month
/// closes at 00:10 local time on the 1st of the next month; the ten minutes let sessions that ended at midnight have their
/// end recorded before the month is issued.
/// </summary>
internal static class InvoiceCalendar
{
    /// <summary>How long after the month's last instant it is issued.</summary>
    public static readonly TimeSpan IssueDelay = TimeSpan.FromMinutes(10);

    /// <summary>The Quartz cron expression (seconds first) of the issue time, read in the billing time zone: 00:10 on the 1st.</summary>
    public const string IssueCron = "0 10 0 1 * ?";

    /// <summary>The instant <paramref name="month"/> may be issued from.</summary>
    public static DateTimeOffset ClosesAt(BillingMonth month, TimeZoneInfo zone) => month.Next.StartIn(zone) + IssueDelay;

    /// <summary>Whether <paramref name="month"/> is closed at <paramref name="now"/>.</summary>
    public static bool IsClosed(BillingMonth month, DateTimeOffset now, TimeZoneInfo zone) => now >= ClosesAt(month, zone);

    /// <summary>
    /// The months to issue at <paramref name="now"/>: every closed month from the one holding the first usage on, oldest first,
    /// that has no issued version yet. None when nothing was ever used.
    /// </summary>
    public static IReadOnlyList<BillingMonth> MonthsToIssue(
        DateTimeOffset? firstUsage, IReadOnlySet<BillingMonth> issued, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var due = new List<BillingMonth>();
        if (firstUsage is not { } first)
        {
            return due;
        }

        for (var month = BillingMonth.Containing(first, zone); IsClosed(month, now, zone); month = month.Next)
        {
            if (!issued.Contains(month))
            {
                due.Add(month);
            }
        }

        return due;
    }
}
