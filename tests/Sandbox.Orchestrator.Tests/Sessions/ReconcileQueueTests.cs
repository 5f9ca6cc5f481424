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
        using var none = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.DequeueAsync(none.Token));
    }

    [Fact]
    public async Task An_id_enqueued_while_being_reconciled_comes_back_after_the_pass_not_during_it()
    {
        var queue = new ReconcileQueue(TimeProvider.System);
        queue.Enqueue("a");
        var id = await queue.DequeueAsync(CancellationToken.None);

        queue.Enqueue(id);
        using var during = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.DequeueAsync(during.Token));

        queue.Complete(id);
        Assert.Equal("a", await queue.DequeueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_delayed_enqueue_waits_for_the_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var queue = new ReconcileQueue(clock);
        queue.EnqueueAfter("a", TimeSpan.FromSeconds(10), CancellationToken.None);

        var next = queue.DequeueAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("a", await next.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
