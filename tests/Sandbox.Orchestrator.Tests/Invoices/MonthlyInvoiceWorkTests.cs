using System.Text.Json;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Billing.Invoices;
using Sandbox.Quotas;
using static Sandbox.Orchestrator.Tests.Invoices.InvoiceHarness;

namespace Sandbox.Orchestrator.Tests.Invoices;

/// <summary>The scheduled invoice pass and re-issues, on a real SQLite store with a fake clock (billing in Asia/Seoul).</summary>
public sealed class MonthlyInvoiceWorkTests
{
    private static readonly BillingMonth November = new(2026, 11);

    [Fact]
    public async Task November_is_issued_by_the_pass_at_00_10_on_December_1st_Seoul_and_not_a_minute_before()
    {
        await using var harness = await SqliteAsync(new DateTimeOffset(2026, 11, 30, 15, 9, 0, TimeSpan.Zero));
        await harness.SeedMemberAsync("m-001");
        await harness.AddUsageAsync("m-001", Kst(2026, 11, 3, 9), Kst(2026, 11, 3, 11, 30));

        // 1. 23:09 on November 30th in Seoul: November is still open.
        await harness.RunWorkAsync();
        Assert.Empty(await harness.VersionsAsync());

        // 2. 00:10 on December 1st: issued once, with the contract's totals (2 cpu x 2.5 h x 30 + 4 GiB x 2.5 h x 4 = 190).
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.RunWorkAsync();
        Assert.Equal([("2026-11", 1, InvoiceIssuer.Scheduler)], await harness.VersionsAsync());
        var row = Assert.Single(await harness.MemberRowsAsync());
        Assert.Equal(("m-001", 190m, 190m), (row.MemberId, row.SubtotalKrw, row.TotalKrw));

        // 3. The stored JSON is the run the API computes.
        var issued = await harness.WithIssuerAsync(i => i.LatestAsync(November, CancellationToken.None));
        var live = await harness.WithIssuerAsync(i => i.ComputeAsync(November, CancellationToken.None));
        Assert.Equal(InvoiceJson.ToJsonString(live.Run!), issued!.Json);
        Assert.Equal("2026-11", JsonDocument.Parse(issued.Json).RootElement.GetProperty("month").GetString());
    }

    [Fact]
    public async Task A_catch_up_pass_issues_two_missed_months_once_each()
    {
        await using var harness = await SqliteAsync(Kst(2026, 11, 5));
        await harness.SeedMemberAsync("m-001");
        await harness.AddUsageAsync("m-001", Kst(2026, 9, 10, 9), Kst(2026, 9, 10, 10));
        await harness.AddUsageAsync("m-001", Kst(2026, 10, 10, 9), Kst(2026, 10, 10, 12));
        await harness.AddUsageAsync("m-001", Kst(2026, 11, 2, 9), Kst(2026, 11, 2, 12));

        // 1. The orchestrator was down on October 1st and November 1st: the pass at start issues both, not open November.
        await harness.RunWorkAsync();
        var afterFirst = await harness.VersionsAsync();
        Assert.Equal([("2026-09", 1, InvoiceIssuer.Scheduler), ("2026-10", 1, InvoiceIssuer.Scheduler)], afterFirst);

        // 2. Running again (the monthly trigger, another replica, a restart) issues nothing more.
        await harness.RunWorkAsync();
        harness.Clock.Advance(TimeSpan.FromDays(1));
        await harness.RunWorkAsync();
        Assert.Equal(afterFirst, await harness.VersionsAsync());
        Assert.Equal(2, (await harness.AuditAsync(AuditKinds.InvoiceIssued)).Count);
    }

    [Fact]
    public async Task A_reissue_adds_version_2_and_keeps_version_1_as_it_was()
    {
        await using var harness = await SqliteAsync(Kst(2026, 12, 1, 0, 10));
        await harness.SeedMemberAsync("m-001");
        await harness.AddUsageAsync("m-001", Kst(2026, 11, 3, 9), Kst(2026, 11, 3, 11, 30));
        await harness.RunWorkAsync();
        var v1 = await harness.WithIssuerAsync(i => i.LatestAsync(November, CancellationToken.None));

        // 1. More usage is recorded late (a correction), then billing staff re-issue.
        await harness.AddUsageAsync("m-001", Kst(2026, 11, 20, 9), Kst(2026, 11, 20, 10));
        harness.Clock.Advance(TimeSpan.FromDays(2));
        var outcome = await harness.WithIssuerAsync(i => i.ReissueAsync(November, "billing-1", CancellationToken.None));

        // 2. Version 2 holds the new totals; version 1 is unchanged; the scheduled pass adds nothing after it.
        Assert.Equal(InvoiceIssueStatus.Issued, outcome.Status);
        Assert.Equal(2, outcome.Issued!.Version);
        await harness.RunWorkAsync();
        Assert.Equal([("2026-11", 1, InvoiceIssuer.Scheduler), ("2026-11", 2, "billing-1")], await harness.VersionsAsync());
        var versions = await harness.WithIssuerAsync(i => i.VersionsAsync(November, CancellationToken.None));
        Assert.Equal([190m, 266m], versions.Select(v => v.TotalKrw));
        Assert.Equal(v1!.Json, await harness.JsonOfAsync("2026-11", 1));
        var latest = await harness.WithIssuerAsync(i => i.LatestAsync(November, CancellationToken.None));
        Assert.Equal(2, latest!.Version);
        Assert.NotEqual(v1.Json, latest.Json);
        var audited = Assert.Single(await harness.AuditAsync(AuditKinds.InvoiceReissued));
        Assert.Equal(("billing-1", "invoices/2026-11"), (audited.ActorId, audited.Subject));
    }

    [Fact]
    public async Task An_open_month_cannot_be_reissued()
    {
        await using var harness = await SqliteAsync(new DateTimeOffset(2026, 11, 30, 15, 9, 0, TimeSpan.Zero));
        await harness.SeedMemberAsync("m-001");
        await harness.AddUsageAsync("m-001", Kst(2026, 11, 3, 9), Kst(2026, 11, 3, 11, 30));

        var outcome = await harness.WithIssuerAsync(i => i.ReissueAsync(November, "billing-1", CancellationToken.None));

        Assert.Equal(InvoiceIssueStatus.NotClosed, outcome.Status);
        Assert.Empty(await harness.VersionsAsync());
    }
}
