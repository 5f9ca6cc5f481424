using Sandbox.Orchestrator.Billing.Invoices;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Tests.Invoices;

/// <summary>When months close in Asia/Seoul and which months a pass issues.</summary>
public sealed class InvoiceCalendarTests
{
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
    private static readonly BillingMonth November = new(2026, 11);

    [Fact]
    public void November_closes_at_00_10_on_December_1st_in_Seoul()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 15, 10, 0, TimeSpan.Zero), InvoiceCalendar.ClosesAt(November, Seoul));
        Assert.False(InvoiceCalendar.IsClosed(November, new DateTimeOffset(2026, 11, 30, 15, 9, 59, 999, TimeSpan.Zero), Seoul));
        Assert.True(InvoiceCalendar.IsClosed(November, new DateTimeOffset(2026, 11, 30, 15, 10, 0, TimeSpan.Zero), Seoul));
    }

    [Fact]
    public void Utc_midnight_is_not_the_boundary()
    {
        // December 1st 00:05 UTC is 09:05 in Seoul: long closed there, though UTC's November ended only five minutes ago.
        Assert.True(InvoiceCalendar.IsClosed(November, new DateTimeOffset(2026, 12, 1, 0, 5, 0, TimeSpan.Zero), Seoul));
        Assert.False(InvoiceCalendar.IsClosed(November, new DateTimeOffset(2026, 12, 1, 0, 5, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Two_missed_months_are_both_due_oldest_first_and_the_open_month_is_not()
    {
        var firstUsage = new DateTimeOffset(2026, 9, 10, 9, 0, 0, TimeSpan.FromHours(9));
        var now = new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero);

        var due = InvoiceCalendar.MonthsToIssue(firstUsage, new HashSet<BillingMonth>(), now, Seoul);

        Assert.Equal([new BillingMonth(2026, 9), new BillingMonth(2026, 10)], due);
    }

    [Fact]
    public void Issued_months_are_skipped_and_gaps_are_filled()
    {
        var firstUsage = new DateTimeOffset(2026, 8, 20, 0, 0, 0, TimeSpan.Zero);
        var now = new DateTimeOffset(2026, 11, 30, 15, 10, 0, TimeSpan.Zero);
        var issued = new HashSet<BillingMonth> { new(2026, 8), new(2026, 10) };

        var due = InvoiceCalendar.MonthsToIssue(firstUsage, issued, now, Seoul);

        Assert.Equal([new BillingMonth(2026, 9), November], due);
    }

    [Fact]
    public void The_first_usage_month_is_the_one_in_Seoul()
    {
        // 2026-10-31T15:30Z is November 1st 00:30 in Seoul: October has nothing to issue.
        var firstUsage = new DateTimeOffset(2026, 10, 31, 15, 30, 0, TimeSpan.Zero);
        var now = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal([November], InvoiceCalendar.MonthsToIssue(firstUsage, new HashSet<BillingMonth>(), now, Seoul));
    }

    [Fact]
    public void Nothing_is_due_without_usage()
    {
        Assert.Empty(InvoiceCalendar.MonthsToIssue(null, new HashSet<BillingMonth>(), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), Seoul));
    }
}
