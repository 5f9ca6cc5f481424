using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Sessions;

public sealed class SessionReconcilerTests
{
    [Fact]
    public async Task A_pending_session_becomes_running_once_its_notebook_answers()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync();

        await harness.SettleAsync(id);

        var session = await harness.GetAsync(id);
        Assert.Equal(SessionState.Running, session.State);
        Assert.Equal(100, session.Progress);
        Assert.NotNull(session.ReadyAt);
        Assert.Null(session.EndedAt);
        Assert.Equal(1, runtime.Starts);
        Assert.Contains("c-" + id, session.RuntimeState, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_spec_carries_size_limits_home_datasets_token_and_base_url()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync("m-7", [new SessionDataset("shops", "2", "sandbox-data/shops:2", "sha256:5a1e")]);

        await harness.SettleAsync(id);

        var spec = Assert.Single(runtime.Specs);
        Assert.Equal(new ResourceLimits(1, 2, 256, 0), spec.Limits);
        Assert.Equal("m-7", spec.Home.Name); // the member; the runtime names its storage
        Assert.Equal(new DatasetMount("shops", "2", "sandbox-data/shops:2", "/data/shops") { Digest = "sha256:5a1e" }, Assert.Single(spec.Datasets));
        Assert.Null(spec.RegistryCredentials);
        Assert.Contains($"--NotebookApp.base_url=/s/{id}/", spec.Command);
        Assert.Contains("--port=8888", spec.Command);
        Assert.Equal(64, spec.Secrets["JUPYTER_TOKEN"].Length);
        Assert.False(spec.Environment.ContainsKey("JUPYTER_TOKEN"), "the token is a secret, not plain environment");
        Assert.DoesNotContain(spec.Command, c => c.Contains(spec.Secrets["JUPYTER_TOKEN"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconciling_a_settled_session_again_changes_nothing()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync();
        await harness.SettleAsync(id);
        var before = await harness.GetAsync(id);

        await harness.ReconcileAsync(id);
        await harness.ReconcileAsync(id);

        var after = await harness.GetAsync(id);
        Assert.Equal(1, runtime.Starts);
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.State, after.State);
        Assert.Equal(before.ReadyAt, after.ReadyAt);
    }

    [Fact]
    public async Task A_notebook_that_never_answers_fails_with_start_timeout_and_leaves_nothing()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new SilentNotebook());
        var id = await harness.AddSessionAsync();

        var result = await harness.ReconcileAsync(id);
        Assert.Equal(SessionState.Provisioning, (await harness.GetAsync(id)).State);
        Assert.NotNull(result.RequeueAfter);

        harness.Clock.Advance(TimeSpan.FromSeconds(119));
        await harness.ReconcileAsync(id);
        var waiting = await harness.GetAsync(id);
        Assert.Equal(SessionState.Provisioning, waiting.State);
        Assert.InRange(waiting.Progress, 70, 99);

        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null((await harness.ReconcileAsync(id)).RequeueAfter);

        var session = await harness.GetAsync(id);
        Assert.Equal(SessionState.Failed, session.State);
        Assert.Equal("start_timeout", session.Reason);
        Assert.Null(session.ReadyAt);
        Assert.Empty(runtime.SessionIds);
    }

    [Fact]
    public async Task A_sandbox_held_up_by_the_runtime_shows_why_while_it_waits_and_times_out_like_any_start()
    {
        var runtime = new WaitingForCapacityRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync();

        await harness.ReconcileAsync(id);
        await harness.ReconcileAsync(id);

        var waiting = await harness.GetAsync(id);
        Assert.Equal((SessionState.Provisioning, WaitingForCapacityRuntime.Condition), (waiting.State, waiting.Message));
        harness.Clock.Advance(new ReconcilerOptions().StartTimeout + TimeSpan.FromSeconds(1));
        await harness.ReconcileAsync(id);
        Assert.Equal("start_timeout", (await harness.GetAsync(id)).Reason);
    }

    [Fact]
    public async Task A_refused_start_fails_the_session_with_the_runtime_reason()
    {
        var runtime = new FailingRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync();

        await harness.SettleAsync(id);

        var session = await harness.GetAsync(id);
        Assert.Equal(SessionState.Failed, session.State);
        Assert.Equal("image_missing", session.Reason);
        Assert.Equal(1, runtime.Starts);
    }

    [Fact]
    public async Task A_sandbox_that_vanishes_fails_the_session_and_ends_billing_when_last_seen()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync();
        await harness.SettleAsync(id);
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        await harness.ReconcileAsync(id);
        var lastSeen = harness.Clock.GetUtcNow();

        runtime.Vanish(id);
        harness.Clock.Advance(TimeSpan.FromMinutes(3));
        await harness.ReconcileAsync(id);

        var session = await harness.GetAsync(id);
        Assert.Equal(SessionState.Failed, session.State);
        Assert.Equal("sandbox_vanished", session.Reason);
        Assert.Equal(lastSeen, session.EndedAt);
    }

    [Fact]
    public async Task A_sandbox_that_exits_while_starting_fails_the_session()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new SilentNotebook());
        var id = await harness.AddSessionAsync();
        await harness.ReconcileAsync(id);

        runtime.Crash(id);
        await harness.ReconcileAsync(id);

        var session = await harness.GetAsync(id);
        Assert.Equal(SessionState.Failed, session.State);
        Assert.Equal("start_failed", session.Reason);
        Assert.Empty(runtime.SessionIds);
    }

    [Theory]
    [InlineData("oom_killed", false)]
    [InlineData("evicted", false)]
    [InlineData("oom_killed", true)]
    [InlineData("evicted", true)]
    public async Task A_sandbox_that_ends_for_a_reason_the_analyst_can_act_on_fails_the_session_with_that_reason(string exitReason, bool whileStarting)
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, whileStarting ? new SilentNotebook() : new AnsweringNotebook());
        var id = await harness.AddSessionAsync();
        await harness.ReconcileAsync(id);
        if (!whileStarting)
        {
            await harness.SettleAsync(id);
        }

        Assert.Equal(whileStarting ? SessionState.Provisioning : SessionState.Running, (await harness.GetAsync(id)).State);
        runtime.Crash(id, exitReason);
        await harness.ReconcileAsync(id);

        var session = await harness.GetAsync(id);
        Assert.Equal((SessionState.Failed, exitReason), (session.State, session.Reason));
        Assert.Contains($"({exitReason})", session.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_a_running_session_removes_its_sandbox_and_ends_billing_at_the_request()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync();
        await harness.SettleAsync(id);
        harness.Clock.Advance(TimeSpan.FromMinutes(30));
        var requested = harness.Clock.GetUtcNow();
        await harness.RequestStopAsync(id);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Null((await harness.ReconcileAsync(id)).RequeueAfter);

        var session = await harness.GetAsync(id);
        Assert.Equal(SessionState.Stopped, session.State);
        Assert.Equal(requested, session.EndedAt);
        Assert.Empty(runtime.SessionIds);

        await harness.ReconcileAsync(id);
        Assert.Equal(1, runtime.Stops);
    }

    [Fact]
    public async Task Stopping_a_session_that_is_still_starting_never_bills_it()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new SilentNotebook());
        var id = await harness.AddSessionAsync();
        await harness.ReconcileAsync(id);

        await harness.RequestStopAsync(id);
        await harness.ReconcileAsync(id);

        var session = await harness.GetAsync(id);
        Assert.Equal(SessionState.Stopped, session.State);
        Assert.Null(session.ReadyAt);
        Assert.Empty(runtime.SessionIds);
    }

    [Fact]
    public async Task A_restart_adopts_running_sandboxes_and_removes_orphans()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var live = await harness.AddSessionAsync();
        await harness.SettleAsync(live);
        runtime.Plant("orphan-session-1", "m-9");

        await harness.Service.RecoverAsync(CancellationToken.None);
        await harness.ReconcileAsync(live);

        Assert.Equal([live], runtime.SessionIds);
        Assert.Equal(1, runtime.Starts);
        Assert.Equal(SessionState.Running, (await harness.GetAsync(live)).State);
    }

    [Fact]
    public async Task A_session_provisioning_when_the_orchestrator_died_is_started_again_after_restart()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new SilentNotebook());
        var id = await harness.AddSessionAsync();
        await harness.ReconcileAsync(id);
        runtime.Vanish(id); // the crash happened before the container was created

        await harness.ReconcileAsync(id);

        Assert.Equal(2, runtime.Starts);
        Assert.Equal([id], runtime.SessionIds);
        Assert.Equal(SessionState.Provisioning, (await harness.GetAsync(id)).State);
    }
}
