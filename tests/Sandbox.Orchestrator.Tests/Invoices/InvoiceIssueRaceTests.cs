using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Billing.Invoices;
using Sandbox.Quotas;
using Sandbox.Testing.Containers;
using static Sandbox.Orchestrator.Tests.Invoices.InvoiceHarness;

namespace Sandbox.Orchestrator.Tests.Invoices;

/// <summary>
/// Issuers racing on one store (replicas, or the monthly trigger and a catch-up pass at once) store one version: on SQLite
/// and on a real PostgreSQL (a throwaway server for this class, <see cref="PostgresServerFixture"/>).
/// </summary>
public sealed class InvoiceIssueRaceTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly BillingMonth October = new(2026, 10);

    [Fact]
    public async Task Racing_issuers_store_one_version_on_sqlite()
    {
        await using var harness = await SqliteAsync(Kst(2026, 11, 1, 0, 10));
        await RacingIssuersStoreOneVersionAsync(harness);
    }

    [Fact]
    public async Task Racing_issuers_store_one_version_on_postgresql()
    {
        await using var harness = await PostgresAsync(postgres, Kst(2026, 11, 1, 0, 10));
        await RacingIssuersStoreOneVersionAsync(harness);
    }

    [Fact]
    public async Task Racing_reissues_each_get_their_own_version_on_postgresql()
    {
        await using var harness = await PostgresAsync(postgres, Kst(2026, 11, 1, 0, 10));
        await harness.SeedMemberAsync("m-001");
        await harness.AddUsageAsync("m-001", Kst(2026, 10, 10, 9), Kst(2026, 10, 10, 12));
        await harness.RunWorkAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(n =>
            harness.WithIssuerAsync(i => i.ReissueAsync(October, $"billing-{n}", CancellationToken.None))));

        Assert.All(outcomes, o => Assert.Equal(InvoiceIssueStatus.Issued, o.Status));
        Assert.Equal([1, 2, 3, 4], (await harness.VersionsAsync()).Select(v => v.Version));
    }

    private static async Task RacingIssuersStoreOneVersionAsync(InvoiceHarness harness)
    {
        await harness.SeedMemberAsync("m-001");
        await harness.SeedMemberAsync("m-002");
        await harness.AddUsageAsync("m-001", Kst(2026, 10, 10, 9), Kst(2026, 10, 10, 12));
        await harness.AddUsageAsync("m-002", Kst(2026, 10, 11, 9), Kst(2026, 10, 11, 10));

        // 1. Four issuers and two whole passes at once.
        var issuers = Enumerable.Range(0, 4).Select(_ => harness.WithIssuerAsync(i => i.IssueFirstAsync(October, CancellationToken.None)));
        var passes = Enumerable.Range(0, 2).Select(async _ => { await harness.RunWorkAsync(); return InvoiceIssueOutcome.Of(InvoiceIssueStatus.AlreadyIssued); });
        var outcomes = await Task.WhenAll(issuers.Concat(passes));

        // 2. One version, its two member rows, one audit entry; the issuers that lost stored nothing and said so.
        Assert.Equal([("2026-10", 1, InvoiceIssuer.Scheduler)], await harness.VersionsAsync());
        Assert.Equal(["m-001", "m-002"], (await harness.MemberRowsAsync()).Select(r => r.MemberId).Order(StringComparer.Ordinal));
        Assert.Single(await harness.AuditAsync(AuditKinds.InvoiceIssued));
        Assert.True(outcomes.Take(4).Count(o => o.Status == InvoiceIssueStatus.Issued) <= 1);
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { InvoiceIssueStatus.Issued, InvoiceIssueStatus.AlreadyIssued }));
    }
}
