using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>The reconciler wakes for a session as soon as the runtime reports a change to its sandbox.</summary>
public sealed class RuntimeChangeWatcherTests
{
    [Fact]
    public async Task A_change_queues_its_session_at_once_long_before_any_resync()
    {
        var (runtime, queue, watcher) = Create();
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await runtime.WaitUntilOpenedAsync(1, soon.Token);

        runtime.Report("s-died", "die");

        Assert.Equal("s-died", await queue.DequeueAsync(soon.Token));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_dropped_stream_is_opened_again_and_later_changes_still_wake_the_reconciler()
    {
        var (runtime, queue, watcher) = Create();
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await runtime.WaitUntilOpenedAsync(1, soon.Token);

        runtime.Drop();
        await runtime.WaitUntilOpenedAsync(2, soon.Token);
        runtime.Report("s-after", "destroy");

        Assert.Equal("s-after", await queue.DequeueAsync(soon.Token));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_change_of_a_session_another_replica_was_just_found_holding_is_left_to_it_for_one_lease_length()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var (runtime, queue, watcher, heldElsewhere) = Create(clock);
        heldElsewhere.Remember("s-theirs");
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await runtime.WaitUntilOpenedAsync(1, soon.Token);

        // Changes are handled in order: the next one queued proves the one before was looked at and left.
        runtime.Report("s-theirs", "die");
        runtime.Report("s-mine", "die");
        Assert.Equal("s-mine", await queue.DequeueAsync(soon.Token));

        // A lease length later the holder may be gone: the change is this replica's to look at again.
        clock.Advance(TimeSpan.FromSeconds(10));
        runtime.Report("s-theirs", "die");
        Assert.Equal("s-theirs", await queue.DequeueAsync(soon.Token));
        Assert.Equal(0, heldElsewhere.Count);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public void A_session_this_replica_takes_is_forgotten_and_ended_ones_are_dropped_once_many_are_remembered()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var heldElsewhere = new LeasesHeldElsewhere(clock, Options.Create(new ReconcilerOptions()));
        heldElsewhere.Remember("s-1");
        heldElsewhere.Forget("s-1");
        Assert.False(heldElsewhere.Contains("s-1"));

        for (var i = 0; i < 1025; i++)
        {
            heldElsewhere.Remember($"s-old-{i}");
        }

        clock.Advance(new ReconcilerOptions().LeaseLength);
        heldElsewhere.Remember("s-new");
        Assert.Equal(1, heldElsewhere.Count);
        Assert.True(heldElsewhere.Contains("s-new"));
    }

    private static (ChangingRuntime Runtime, ReconcileQueue Queue, RuntimeChangeWatcher Watcher) Create()
    {
        var (runtime, queue, watcher, _) = Create(TimeProvider.System);
        return (runtime, queue, watcher);
    }

    private static (ChangingRuntime Runtime, ReconcileQueue Queue, RuntimeChangeWatcher Watcher, LeasesHeldElsewhere HeldElsewhere) Create(TimeProvider clock)
    {
        var runtime = new ChangingRuntime();
        var queue = new ReconcileQueue(TimeProvider.System);

        // A resync far away: only the change stream can queue anything within the test.
        var options = Options.Create(new ReconcilerOptions { ResyncInterval = TimeSpan.FromHours(1), RetryDelay = TimeSpan.FromMilliseconds(20) });
        var heldElsewhere = new LeasesHeldElsewhere(clock, options);
        return (runtime, queue, new RuntimeChangeWatcher(runtime, queue, heldElsewhere, options, TimeProvider.System, NullLogger<RuntimeChangeWatcher>.Instance), heldElsewhere);
    }
}
