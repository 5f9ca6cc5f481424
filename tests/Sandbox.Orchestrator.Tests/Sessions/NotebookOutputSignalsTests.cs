using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>
/// Waits end on the follower's signals, which the fake runtime exposes (a follower started, a chunk handled), never on
/// a guess of how long the follower takes; only the waits whose timer is the behaviour under test run on the clock.
/// </summary>
public sealed class NotebookOutputSignalsTests
{
    // Deadlines and timers that only a broken product or test reaches.
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_wait_ends_when_the_sandbox_writes_output_long_before_its_timer()
    {
        var runtime = new TalkingRuntime();
        using var signals = new NotebookOutputSignals(runtime, NullLogger<NotebookOutputSignals>.Instance);
        signals.Watch("s-1");

        var wait = signals.WaitAsync("s-1", Long, CancellationToken.None);
        runtime.Write(42);

        Assert.True(await wait, "the wait ran out its timer: the output did not end it");
    }

    [Fact]
    public async Task Output_written_between_waits_is_kept_for_the_next_wait_and_a_burst_wakes_it_once()
    {
        var runtime = new TalkingRuntime();
        using var signals = new NotebookOutputSignals(runtime, NullLogger<NotebookOutputSignals>.Instance);
        signals.Watch("s-1");
        runtime.Write(1);
        runtime.Write(2);
        runtime.Write(3);

        // The follower has signalled the whole burst before anyone waits. (A fixed 200 ms here lost the race under load:
        // the first wait took the first chunk's signal, a later chunk signalled again and ended the second wait early.)
        Assert.True(await runtime.HandledAsync(3, Long), $"the follower handled {runtime.Handled} of 3 chunks");

        Assert.True(await signals.WaitAsync("s-1", Long, CancellationToken.None), "the burst's signal was not kept for the next wait");
        Assert.False(await signals.WaitAsync("s-1", TimeSpan.Zero, CancellationToken.None), "the burst signalled more than once");
    }

    [Fact]
    public async Task Without_output_a_wait_lasts_its_timer_and_watching_twice_follows_once()
    {
        var runtime = new TalkingRuntime();
        using var signals = new NotebookOutputSignals(runtime, NullLogger<NotebookOutputSignals>.Instance);
        signals.Watch("s-1");
        signals.Watch("s-1");
        await runtime.Following.WaitAsync(Long);

        // The timer is the behaviour under test: the wait must last it.
        var watch = Stopwatch.StartNew();
        Assert.False(await signals.WaitAsync("s-1", TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Equal(1, runtime.Followers);
    }

    [Fact]
    public async Task A_forgotten_or_unknown_session_waits_on_the_timer_only()
    {
        var runtime = new TalkingRuntime();
        using var signals = new NotebookOutputSignals(runtime, NullLogger<NotebookOutputSignals>.Instance);
        signals.Watch("s-1");
        await runtime.Following.WaitAsync(Long);
        signals.Forget("s-1");
        runtime.Write(5);

        // The timers are the behaviour under test: output after forgetting ends no wait.
        var watch = Stopwatch.StartNew();
        Assert.False(await signals.WaitAsync("s-1", TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.False(await signals.WaitAsync("never-watched", TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(10));
    }
}
