using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>The reconciler under session leases: it leaves alone what another replica holds, and takes over what nobody does.</summary>
public sealed class LeasedReconcilerTests
{
    [Fact]
    public async Task A_pass_over_a_session_another_replica_holds_changes_nothing()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync();
        await harness.HoldElsewhereAsync(id);

        Assert.Equal(ReconcileResult.Done, await harness.ReconcileAsync(id));

        Assert.Equal(SessionState.Pending, (await harness.GetAsync(id)).State);
        Assert.Equal(0, runtime.Starts);
    }

    [Fact]
    public async Task What_this_replica_saw_of_a_session_another_replica_now_holds_is_forgotten()
    {
        await using var harness = new ReconcilerHarness(new InMemoryRuntime(), new AnsweringNotebook());
        var id = await harness.AddSessionAsync();
        harness.Endpoints.Remember(id, new NotebookEndpoint(new Uri("http://127.0.0.1:9/"), "m-1", "token", harness.Clock.GetUtcNow(), Ready: false));
        await harness.HoldElsewhereAsync(id);

        await harness.ReconcileAsync(id);

        Assert.False(harness.Endpoints.TryGet(id, out _));
    }

    [Fact]
    public async Task Once_the_other_replica_s_lease_runs_out_the_session_is_taken_over_and_converges()
    {
        var runtime = new InMemoryRuntime();
        await using var harness = new ReconcilerHarness(runtime, new AnsweringNotebook());
        var id = await harness.AddSessionAsync();
        await harness.HoldElsewhereAsync(id);

        harness.Clock.Advance(new ReconcilerOptions().LeaseLength);
        await harness.SettleAsync(id);

        Assert.Equal(SessionState.Running, (await harness.GetAsync(id)).State);
        Assert.Equal(1, runtime.Starts);
    }

    [Fact]
    public async Task In_process_nudges_reach_every_subscriber_until_it_unsubscribes()
    {
        var nudges = new InProcessReconcileNudges();
        var first = new List<string>();
        var second = new List<string>();
        using (nudges.Subscribe(first.Add))
        using (var s = nudges.Subscribe(second.Add))
        {
            await nudges.PublishAsync("s-1", CancellationToken.None);
            s.Dispose();
            await nudges.PublishAsync("s-2", CancellationToken.None);
        }

        await nudges.PublishAsync("s-3", CancellationToken.None);
        Assert.Equal(["s-1", "s-2"], first);
        Assert.Equal(["s-1"], second);
    }
}
