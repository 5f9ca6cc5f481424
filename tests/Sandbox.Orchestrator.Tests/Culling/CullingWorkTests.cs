using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Culling;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Culling;

/// <summary>Culling passes over a real store and the real reconciler, with scripted notebooks and a manual clock.</summary>
public sealed class CullingWorkTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_idle_notebook_is_warned_once_then_culled_with_reason_idle_and_billed_until_the_cull()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync("m-1");
        var start = harness.Clock.GetUtcNow();

        // 1. Under 50 minutes idle: nothing.
        harness.Clock.Advance(49 * Minute);
        await harness.CullAsync();
        Assert.Empty(harness.Notices.Sent);

        // 2. At 50 minutes: one warning, and a second pass does not repeat it.
        harness.Clock.Advance(Minute);
        await harness.CullAsync();
        await harness.CullAsync();
        var warning = Assert.Single(harness.Notices.Sent);
        Assert.Equal(("m-1", MemberNoticeKinds.IdleWarning, id), (warning.MemberId, warning.Notice.Kind, warning.Notice.SessionId));
        Assert.False((await harness.GetAsync(id)).StopRequested);

        // 3. At 60 minutes: the stop is asked for with its reason, audited, and the reconciler carries it out.
        harness.Clock.Advance(10 * Minute);
        await harness.CullAsync();
        var requested = await harness.GetAsync(id);
        Assert.True(requested.StopRequested);
        Assert.Equal(SessionStopReasons.Idle, requested.StopReason);
        var audit = Assert.Single(await harness.AuditAsync(), a => a.Kind == AuditKinds.SessionStopRequested);
        Assert.Equal((null, id), (audit.ActorId, audit.Subject));
        Assert.Contains("\"reason\":\"idle\"", audit.Detail, StringComparison.Ordinal);

        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await harness.ReconcileAsync(id);
        var stopped = await harness.GetAsync(id);
        Assert.Equal(SessionState.Stopped, stopped.State);
        Assert.Equal(SessionStopReasons.Idle, stopped.Reason);
        Assert.Equal(SessionStopReasons.Idle, SessionView.Of(stopped, LocalOrigins.Instance).Reason);
        Assert.Equal(start + 60 * Minute, stopped.EndedAt);
        Assert.Equal(1, harness.Runtime.Stops);
        Assert.Single(harness.Notices.Sent);
    }

    [Fact]
    public async Task A_busy_kernel_keeps_a_notebook_however_long_it_has_been_quiet_and_its_idle_time_counts_from_when_it_finished()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();
        harness.Activity.Busy(id, harness.Clock.GetUtcNow());

        // 1. Three hours of a quiet, busy kernel: no warning, no stop.
        for (var i = 0; i < 180; i += 10)
        {
            harness.Clock.Advance(10 * Minute);
            await harness.CullAsync();
        }

        Assert.Empty(harness.Notices.Sent);
        Assert.False((await harness.GetAsync(id)).StopRequested);

        // 2. The cell finishes: the idle clock starts then, not when the cell started.
        var finished = harness.Clock.GetUtcNow();
        harness.Activity.LastUsed(id, finished);
        harness.Clock.Advance(49 * Minute);
        await harness.CullAsync();
        Assert.Empty(harness.Notices.Sent);
        harness.Clock.Advance(Minute);
        await harness.CullAsync();
        Assert.Single(harness.Notices.OfKind(MemberNoticeKinds.IdleWarning));
    }

    [Fact]
    public async Task A_request_through_the_proxy_is_use_from_when_it_arrived_even_before_the_notebook_reports_it()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();

        // A kernel start arrives at minute 45 and is still running in Jupyter (which notes it only once answered).
        harness.Clock.Advance(45 * Minute);
        harness.ProxiedUse.Record(id);

        // Minute 60: idle by the notebook's report, but used 15 minutes ago by the proxy's: no warning, no stop.
        harness.Clock.Advance(15 * Minute);
        await harness.CullAsync();
        Assert.Empty(harness.Notices.Sent);
        Assert.False((await harness.GetAsync(id)).StopRequested);

        // Minute 95: 50 minutes after that request, the warning comes.
        harness.Clock.Advance(35 * Minute);
        await harness.CullAsync();
        Assert.Single(harness.Notices.OfKind(MemberNoticeKinds.IdleWarning));
    }

    [Fact]
    public async Task Proxied_use_of_sessions_that_no_longer_run_is_forgotten()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();
        harness.ProxiedUse.Record(id);
        harness.ProxiedUse.Record("gone-session");

        await harness.CullAsync();

        Assert.NotNull(harness.ProxiedUse.LastAt(id));
        Assert.Null(harness.ProxiedUse.LastAt("gone-session"));
    }

    [Fact]
    public async Task A_notebook_that_cannot_be_asked_is_never_culled_for_idleness()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();
        harness.Activity.Unreachable(id);

        for (var i = 0; i < 5; i++)
        {
            harness.Clock.Advance(TimeSpan.FromHours(1));
            await harness.CullAsync();
        }

        Assert.NotEmpty(harness.Activity.Reads);
        Assert.Empty(harness.Notices.Sent);
        Assert.False((await harness.GetAsync(id)).StopRequested);
    }

    [Fact]
    public async Task Use_after_the_warning_cancels_the_cull_and_a_later_idle_spell_is_warned_again()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();
        harness.Clock.Advance(50 * Minute);
        await harness.CullAsync();
        Assert.Single(harness.Notices.Sent);

        // Used at minute 55: at minute 60 it is not culled, and it is warned again at 55 + 50.
        harness.Clock.Advance(5 * Minute);
        harness.Activity.LastUsed(id, harness.Clock.GetUtcNow());
        harness.Clock.Advance(5 * Minute);
        await harness.CullAsync();
        Assert.False((await harness.GetAsync(id)).StopRequested);
        harness.Clock.Advance(45 * Minute);
        await harness.CullAsync();
        Assert.Equal(2, harness.Notices.OfKind(MemberNoticeKinds.IdleWarning).Count);
        Assert.False((await harness.GetAsync(id)).StopRequested);
    }

    [Fact]
    public async Task A_missed_warning_is_sent_before_any_cull_and_the_cull_comes_at_the_next_check()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();

        // The orchestrator was down through the warning point and the timeout.
        harness.Clock.Advance(TimeSpan.FromHours(3));
        await harness.CullAsync();
        Assert.Single(harness.Notices.OfKind(MemberNoticeKinds.IdleWarning));
        Assert.False((await harness.GetAsync(id)).StopRequested);

        harness.Clock.Advance(Minute);
        await harness.CullAsync();
        Assert.Equal(SessionStopReasons.Idle, (await harness.GetAsync(id)).StopReason);
    }

    [Fact]
    public async Task Maximum_age_warns_then_stops_a_busy_notebook_with_reason_max_age_for_its_tier_only()
    {
        var options = new CullingOptions { Tiers = { [Tiers.NonMember] = new TierCullingOptions { MaxAge = TimeSpan.FromHours(4), WarnBefore = 15 * Minute } } };
        await using var harness = new RunningSessionsHarness(options);
        var guest = await harness.AddRunningSessionAsync("guest", Tiers.NonMember);
        var member = await harness.AddRunningSessionAsync("member", Tiers.Member);
        harness.Activity.Busy(guest, harness.Clock.GetUtcNow());
        harness.Activity.Busy(member, harness.Clock.GetUtcNow());

        harness.Clock.Advance(TimeSpan.FromHours(4) - 16 * Minute);
        await harness.CullAsync();
        Assert.Empty(harness.Notices.Sent);

        harness.Clock.Advance(Minute);
        await harness.CullAsync();
        await harness.CullAsync();
        var warning = Assert.Single(harness.Notices.Sent);
        Assert.Equal(("guest", MemberNoticeKinds.MaxAgeWarning, guest), (warning.MemberId, warning.Notice.Kind, warning.Notice.SessionId));

        harness.Clock.Advance(15 * Minute);
        await harness.CullAsync();
        await harness.ReconcileAsync(guest);
        var stopped = await harness.GetAsync(guest);
        Assert.Equal((SessionState.Stopped, SessionStopReasons.MaxAge), (stopped.State, stopped.Reason));
        Assert.False((await harness.GetAsync(member)).StopRequested);
    }

    [Fact]
    public async Task A_stop_its_owner_asked_for_first_keeps_no_reason()
    {
        await using var harness = new RunningSessionsHarness();
        var id = await harness.AddRunningSessionAsync();
        harness.Clock.Advance(TimeSpan.FromHours(2));
        await harness.CullAsync();
        await harness.OwnerStopsAsync(id);
        harness.Clock.Advance(Minute);
        await harness.CullAsync();
        await harness.ReconcileAsync(id);

        var stopped = await harness.GetAsync(id);
        Assert.Equal(SessionState.Stopped, stopped.State);
        Assert.Null(stopped.Reason);
        Assert.Null(SessionView.Of(stopped, LocalOrigins.Instance).Reason);
        Assert.Equal("Stopped", stopped.Message);
    }

    [Fact]
    public async Task Young_sessions_are_not_asked_at_all()
    {
        await using var harness = new RunningSessionsHarness();
        await harness.AddRunningSessionAsync();
        harness.Clock.Advance(49 * Minute);
        await harness.CullAsync();
        Assert.Empty(harness.Activity.Reads);

        harness.Clock.Advance(Minute);
        await harness.CullAsync();
        var read = Assert.Single(harness.Activity.Reads);
        Assert.Equal(new Uri("http://10.0.0.1:8888"), read.Address);
        Assert.Equal(64, read.Token.Length);
    }
}
