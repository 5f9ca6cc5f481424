using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.Sessions;

public sealed class NotebookOutputSignalsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_wait_ends_when_the_sandbox_writes_output_long_before_its_timer()
    {
        var runtime = new TalkingRuntime();
        using var signals = new NotebookOutputSignals(runtime, NullLogger<NotebookOutputSignals>.Instance);
        signals.Watch("s-1");

        var watch = Stopwatch.StartNew();
        var wait = signals.WaitAsync("s-1", Long, CancellationToken.None);
        runtime.Write(42);
        await wait;

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
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
        await WaitForFollowerAsync(runtime);
        for (var i = 0; i < 1000 && Volatile.Read(ref runtime.Handled) < 3; i++)
        {
            await Task.Delay(10); // poll interval until the whole burst has been handled (a fixed wait lost that race under load)
        }

        Assert.Equal(3, runtime.Handled);
        var first = Stopwatch.StartNew();
        await signals.WaitAsync("s-1", Long, CancellationToken.None);
        Assert.InRange(first.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        var second = Stopwatch.StartNew();
        await signals.WaitAsync("s-1", TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.InRange(second.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Without_output_a_wait_lasts_its_timer_and_watching_twice_follows_once()
    {
        var runtime = new TalkingRuntime();
        using var signals = new NotebookOutputSignals(runtime, NullLogger<NotebookOutputSignals>.Instance);
        signals.Watch("s-1");
        signals.Watch("s-1");
        await WaitForFollowerAsync(runtime);

        var watch = Stopwatch.StartNew();
        await signals.WaitAsync("s-1", TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Equal(1, runtime.Followers);
    }

    [Fact]
    public async Task A_forgotten_or_unknown_session_waits_on_the_timer_only()
    {
        var runtime = new TalkingRuntime();
        using var signals = new NotebookOutputSignals(runtime, NullLogger<NotebookOutputSignals>.Instance);
        signals.Watch("s-1");
        await WaitForFollowerAsync(runtime);
        signals.Forget("s-1");
        runtime.Write(5);

        var watch = Stopwatch.StartNew();
        await signals.WaitAsync("s-1", TimeSpan.FromMilliseconds(300), CancellationToken.None);
        await signals.WaitAsync("never-watched", TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(10));
    }

    private static async Task WaitForFollowerAsync(TalkingRuntime runtime)
    {
        for (var i = 0; i < 200 && Volatile.Read(ref runtime.Followers) == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(runtime.Followers > 0, "the follower never started");
    }
}
