using Sandbox.Orchestrator.Live;

namespace Sandbox.Orchestrator.Tests.Live;

public sealed class LiveConnectionTests
{
    [Fact]
    public async Task Updates_that_arrive_while_the_snapshot_is_read_are_sent_after_it_in_order()
    {
        var sender = new RecordingSender();
        var connection = new LiveConnection("c1", "m1", null, () => { }, maxBacklog: 100);
        using var stop = new CancellationTokenSource();
        var pump = connection.PumpAsync(sender, stop.Token);

        // Held back while the snapshot is read. No wait here can show that nothing is sent (the pump runs on its own);
        // the order below does: an update not held back would have been queued, and sent, ahead of the snapshot.
        connection.Deliver(new LiveMessage("sessionUpdated", "update-1"));
        connection.Deliver(new LiveMessage("sessionUpdated", "update-2"));

        connection.ReleaseAfter([new LiveMessage("sessionUpdated", "snapshot-a"), new LiveMessage("sessionUpdated", "snapshot-b")]);
        connection.Deliver(new LiveMessage("sessionUpdated", "update-3"));
        var sent = await sender.WaitForAsync("c1", 5);

        Assert.Equal(["snapshot-a", "snapshot-b", "update-1", "update-2", "update-3"], sent.Select(m => (string)m.Argument));
        connection.Complete();
        await pump;
    }

    [Fact]
    public void A_client_that_falls_too_far_behind_is_disconnected_to_start_over()
    {
        var aborted = 0;
        var connection = new LiveConnection("c1", "m1", null, () => aborted++, maxBacklog: 3);
        connection.ReleaseAfter([]);

        for (var i = 0; i < 3; i++)
        {
            connection.Deliver(new LiveMessage("sessionUpdated", i));
        }

        Assert.Equal(0, aborted);
        connection.Deliver(new LiveMessage("sessionUpdated", 3));
        Assert.Equal(1, aborted);
        Assert.True(connection.Aborted);
    }
}
