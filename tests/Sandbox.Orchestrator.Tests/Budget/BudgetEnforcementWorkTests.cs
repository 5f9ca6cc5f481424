using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Tests.Culling;

namespace Sandbox.Orchestrator.Tests.Budget;

/// <summary>Budget sweeps over a real store and the real reconciler, with scripted spend and a manual clock.</summary>
public sealed class BudgetEnforcementWorkTests
{
    [Fact]
    public async Task At_80_percent_the_member_is_warned_once_a_month_even_across_restarts()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync("m-1");

        harness.Spend.Set("m-1", 79_000, 100_000);
        await harness.SweepBudgetsAsync();
        Assert.Empty(harness.Notices.Sent);

        // Each sweep gets a new scope and new work object, as after a restart: the warning is remembered in the store.
        harness.Spend.Set("m-1", 80_000, 100_000);
        await harness.SweepBudgetsAsync();
        harness.Spend.Set("m-1", 95_000, 100_000);
        await harness.SweepBudgetsAsync();
        var warning = Assert.Single(harness.Notices.Sent);
        Assert.Equal(("m-1", MemberNoticeKinds.BudgetWarning), (warning.MemberId, warning.Notice.Kind));
        Assert.Contains("80 %", warning.Notice.Message, StringComparison.Ordinal);
        Assert.False((await harness.GetAsync(id)).StopRequested);

        // A new month warns again.
        harness.Spend.Set("m-1", 85_000, 100_000, month: "2026-12");
        await harness.SweepBudgetsAsync();
        Assert.Equal(2, harness.Notices.OfKind(MemberNoticeKinds.BudgetWarning).Count);
    }

    [Fact]
    public async Task At_100_percent_every_live_session_of_the_member_stops_with_reason_budget_exhausted_and_others_run_on()
    {
        await using var harness = new RunningSessionsHarness();
        var first = await harness.AddRunningSessionAsync("m-1");
        var second = await harness.AddRunningSessionAsync("m-1");
        var someoneElses = await harness.AddRunningSessionAsync("m-2");
        harness.Spend.Set("m-1", 100_000, 100_000);
        harness.Spend.Set("m-2", 10_000, 100_000);

        var askedAt = harness.Clock.GetUtcNow();
        await harness.SweepBudgetsAsync();
        await harness.SweepBudgetsAsync();

        // 1. Told once, both stops audited with the numbers.
        var exhausted = Assert.Single(harness.Notices.Sent);
        Assert.Equal(("m-1", MemberNoticeKinds.BudgetExhausted), (exhausted.MemberId, exhausted.Notice.Kind));
        var audits = (await harness.AuditAsync()).Where(a => a.Kind == AuditKinds.SessionStopRequested).ToList();
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), audits.Select(a => a.Subject!).Order(StringComparer.Ordinal));
        Assert.All(audits, a => Assert.Contains("\"monthlyBudgetKrw\":100000", a.Detail, StringComparison.Ordinal));

        // 2. The reconciler carries the stops out; billing ends when the sweep asked.
        harness.Clock.Advance(TimeSpan.FromSeconds(3));
        foreach (var id in new[] { first, second })
        {
            await harness.ReconcileAsync(id);
            var stopped = await harness.GetAsync(id);
            Assert.Equal((SessionState.Stopped, SessionStopReasons.BudgetExhausted, askedAt), (stopped.State, stopped.Reason, stopped.EndedAt));
            Assert.Equal(SessionStopReasons.BudgetExhausted, SessionView.Of(stopped, LocalOrigins.Instance).Reason);
        }

        Assert.Equal(SessionState.Running, (await harness.GetAsync(someoneElses)).State);
        Assert.False((await harness.GetAsync(someoneElses)).StopRequested);
    }

    [Fact]
    public async Task A_member_jumping_past_100_percent_is_stopped_without_an_80_percent_warning()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync("m-1");
        harness.Spend.Set("m-1", 120_000, 100_000);

        await harness.SweepBudgetsAsync();

        Assert.Equal([MemberNoticeKinds.BudgetExhausted], harness.Notices.Sent.Select(s => s.Notice.Kind));
        Assert.Equal(SessionStopReasons.BudgetExhausted, (await harness.GetAsync(id)).StopReason);
    }
}
