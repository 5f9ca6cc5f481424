using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Billing;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Telemetry;

/// <summary>
/// What the installation holds now, counted from the store every <see cref="Interval"/> and shown as gauges:
/// <c>sandbox.sessions</c> (live sessions by state, profile, size and tier) and <c>sandbox.billing.month_to_date</c>
/// (KRW billed this month so far, all members, before credits and after). Observable instruments are read at export
/// time, which must not wait for the store, so they read the last count. Every replica counts the same installation:
/// aggregate with max, not sum.
/// </summary>
internal sealed partial class InstallationCensus(
    IServiceScopeFactory scopes, SandboxMetrics metrics, ReconcileQueue queue, TimeProvider clock, ILogger<InstallationCensus> logger) : BackgroundService
{
    /// <summary>How often the store is counted (a Prometheus scrape interval).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static readonly SessionState[] Live = [SessionState.Pending, SessionState.Provisioning, SessionState.Running, SessionState.Stopping];

    private volatile Snapshot _last = new([], 0, 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.Meter.CreateObservableGauge("sandbox.sessions", () => _last.Sessions, "{session}", "Live sessions by state, profile, size and tier (installation-wide).");
        metrics.Meter.CreateObservableGauge("sandbox.billing.month_to_date", () => new[]
        {
            new Measurement<double>((double)_last.SubtotalKrw, new KeyValuePair<string, object?>("kind", "subtotal")),
            new Measurement<double>((double)_last.TotalKrw, new KeyValuePair<string, object?>("kind", "total")),
        }, "KRW", "Billed this month so far, every member (installation-wide): before credits (subtotal) and after (total).");
        metrics.Meter.CreateObservableGauge("sandbox.reconcile.queue.depth", () => queue.Depth, "{session}", "Sessions waiting for a reconcile worker on this replica.");

        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                _last = await CountAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.CountFailed(logger, e); // the gauges keep the last count; the next interval tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Snapshot> CountAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();

        // 1. Live sessions by state, profile, size and owner, then owners by their current tier.
        var groups = await db.Sessions.AsNoTracking().Where(s => Live.Contains(s.State))
            .GroupBy(s => new { s.State, s.Profile, s.SizeId, s.OwnerId })
            .Select(g => new { g.Key.State, g.Key.Profile, g.Key.SizeId, g.Key.OwnerId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var owners = groups.Select(g => g.OwnerId).Distinct().ToList();
        var tiers = (await db.MemberTiers.AsNoTracking().Where(t => t.To == null && owners.Contains(t.MemberId)).ToListAsync(cancellationToken))
            .GroupBy(t => t.MemberId).ToDictionary(g => g.Key, g => g.MaxBy(t => t.From)!.Tier, StringComparer.Ordinal);
        var sessions = groups
            .GroupBy(g => (State: g.State.ToName(), g.Profile, g.SizeId, Tier: tiers.GetValueOrDefault(g.OwnerId, "unknown")))
            .Select(g => new Measurement<int>(g.Sum(x => x.Count),
                new("state", g.Key.State), new("profile", g.Key.Profile), new("size", g.Key.SizeId), new("tier", g.Key.Tier)))
            .ToList();

        // 2. This month's invoices so far, as the billing engine computes them.
        var policies = scope.ServiceProvider.GetRequiredService<QuotaPolicySource>();
        var now = clock.GetUtcNow();
        var month = BillingMonth.Containing(now, policies.TimeZone);
        var scenario = await scope.ServiceProvider.GetRequiredService<BillingLedger>().MonthAsync(month, null, now, cancellationToken);
        var invoices = BillingEngine.Run(scenario, month).Run?.Invoices ?? [];
        return new Snapshot(sessions, invoices.Sum(i => i.SubtotalKrw), invoices.Sum(i => i.TotalKrw));
    }

    private sealed record Snapshot(IReadOnlyList<Measurement<int>> Sessions, decimal SubtotalKrw, decimal TotalKrw);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Counting sessions and this month's billing for the metrics failed; the gauges keep the last count")]
        public static partial void CountFailed(ILogger logger, Exception exception);
    }
}
