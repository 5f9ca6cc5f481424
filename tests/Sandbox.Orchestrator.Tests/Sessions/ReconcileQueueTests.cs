using Microsoft.Extensions.Time.Testing;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Sessions;

public sealed class ReconcileQueueTests
{
    [Fact]
    public async Task An_id_is_queued_once_however_often_it_is_enqueued()
    {
        var queue = new ReconcileQueue(TimeProvider.System);
        queue.Enqueue("a");
        queue.Enqueue("a");
        queue.Enqueue("b");

        Assert.Equal("a", await queue.DequeueAsync(CancellationToken.None));
        Assert.Equal("b", await queue.DequeueAsync(CancellationToken.None));

        // Enqueueing writes to the queue at once, and a dequeue takes what is there at once: one still waiting now
        // means nothing else was queued (no timer needed to tell).
        Assert.Equal(0, queue.Depth);
        using var stop = new CancellationTokenSource();
        var third = queue.DequeueAsync(stop.Token).AsTask();
        Assert.False(third.IsCompleted, "a third id was queued");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
    }

    [Fact]
    public async Task An_id_enqueued_while_being_reconciled_comes_back_after_the_pass_not_during_it()
    {
        var queue = new ReconcileQueue(TimeProvider.System);
        queue.Enqueue("a");
        var id = await queue.DequeueAsync(CancellationToken.None);

        // Enqueued during its pass: not queued (a dequeue would take it at once), but kept for when the pass ends.
        queue.Enqueue(id);
        var next = queue.DequeueAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted, "the id was handed out again during its pass");
        Assert.Equal(0, queue.Depth);

        queue.Complete(id);
        Assert.Equal("a", await next.WaitAsync(TimeSpan.FromSeconds(20))); // a deadline for a broken queue only: Complete queues it at once
    }

    [Fact]
    public async Task A_delayed_enqueue_waits_for_the_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var queue = new ReconcileQueue(clock);
        queue.EnqueueAfter("a", TimeSpan.FromSeconds(10), CancellationToken.None);

        // The fake clock fires what is due inside Advance, and the delay's continuation enqueues on that thread: a
        // millisecond short of the delay, nothing is queued, with no real time to wait out.
        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, queue.Depth);
        var next = queue.DequeueAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted, "queued before its delay");

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("a", await next.WaitAsync(TimeSpan.FromSeconds(20))); // a deadline for a broken queue only
    }
}
