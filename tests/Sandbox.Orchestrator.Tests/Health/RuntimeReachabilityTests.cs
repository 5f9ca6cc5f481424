using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sandbox.Orchestrator.Health;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Health;

public sealed class RuntimeReachabilityTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly CountingPings _runtime = new();

    [Fact]
    public async Task An_answer_is_trusted_for_two_seconds_however_many_ask_then_the_runtime_is_asked_again()
    {
        var reachability = new RuntimeReachability(_runtime, _clock, NullLogger<RuntimeReachability>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => reachability.EnsureReachableAsync(CancellationToken.None)));
        Assert.Equal(1, _runtime.Pings);

        _runtime.Reachable = false;
        _clock.Advance(RuntimeReachability.TrustedFor - TimeSpan.FromMilliseconds(1));
        Assert.Null(await reachability.CheckAsync(CancellationToken.None)); // still the last answer
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await reachability.CheckAsync(CancellationToken.None));
        await Assert.ThrowsAsync<RuntimeUnreachableException>(() => reachability.EnsureReachableAsync(CancellationToken.None));
        Assert.Equal(2, _runtime.Pings);

        _runtime.Reachable = true;
        _clock.Advance(RuntimeReachability.TrustedFor);
        Assert.Null(await reachability.CheckAsync(CancellationToken.None));
        Assert.Equal(3, _runtime.Pings);
    }

    [Fact]
    public async Task A_runtime_that_does_not_answer_within_the_timeout_is_unreachable()
    {
        var hanging = new HangingPings();
        var reachability = new RuntimeReachability(hanging, _clock, NullLogger<RuntimeReachability>.Instance);

        var checking = reachability.CheckAsync(CancellationToken.None);
        await hanging.Asked.Task; // the ping is waiting on its timeout, which runs on the fake clock
        _clock.Advance(RuntimeReachability.Timeout);

        var failure = await checking;
        Assert.NotNull(failure);
        Assert.Contains("did not answer within 5 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_that_gives_up_is_not_told_the_runtime_is_unreachable()
    {
        var hanging = new HangingPings();
        var reachability = new RuntimeReachability(hanging, _clock, NullLogger<RuntimeReachability>.Instance);
        using var leaving = new CancellationTokenSource();

        var checking = reachability.CheckAsync(leaving.Token);
        await hanging.Asked.Task;
        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checking);
    }

    /// <summary>A runtime that counts its pings and answers as <see cref="InMemoryRuntime.Reachable"/> says.</summary>
    private sealed class CountingPings : InMemoryRuntime, ISessionRuntime
    {
        public int Pings;

        Task ISessionRuntime.PingAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Pings);
            return PingAsync(cancellationToken);
        }
    }

    /// <summary>A runtime whose ping never answers (an API server behind a dead route) until the caller gives up.</summary>
    private sealed class HangingPings : InMemoryRuntime, ISessionRuntime
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task ISessionRuntime.PingAsync(CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
