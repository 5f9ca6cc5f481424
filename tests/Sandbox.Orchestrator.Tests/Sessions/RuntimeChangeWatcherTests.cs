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

    private static (ChangingRuntime Runtime, ReconcileQueue Queue, RuntimeChangeWatcher Watcher) Create()
    {
        var runtime = new ChangingRuntime();
        var queue = new ReconcileQueue(TimeProvider.System);

        // A resync far away: only the change stream can queue anything within the test.
        var options = Options.Create(new ReconcilerOptions { ResyncInterval = TimeSpan.FromHours(1), RetryDelay = TimeSpan.FromMilliseconds(20) });
        return (runtime, queue, new RuntimeChangeWatcher(runtime, queue, options, TimeProvider.System, NullLogger<RuntimeChangeWatcher>.Instance));
    }
}
