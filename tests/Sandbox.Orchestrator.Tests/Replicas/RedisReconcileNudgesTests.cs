using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Replicas;

/// <summary>
/// Reconcile nudges through a real Redis (a throwaway server of this class, <see cref="RedisServerFixture"/>): two
/// replicas' nudges on one Redis each reach the other's subscribers, and their own at once; with Redis stopped a
/// publish neither throws nor waits, still reaches this replica, and nudges cross again once Redis is back.
/// </summary>
public sealed class RedisReconcileNudgesTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Two_replicas_on_one_Redis_each_see_the_others_nudges_and_their_own_once()
    {
        var prefix = NewPrefix();
        await using var startedA = await StartAsync(prefix);
        var a = startedA.Nudges;
        await using var startedB = await StartAsync(prefix);
        var b = startedB.Nudges;
        var seenByA = new Seen();
        var seenByB = new Seen();
        using var subscribedA = a.Subscribe(seenByA.Add);
        using var subscribedB = b.Subscribe(seenByB.Add);

        // 1. A nudge published on A reaches A's subscriber in the call, and B's through Redis.
        await a.PublishAsync("s-from-a", CancellationToken.None);
        Assert.Equal(["s-from-a"], seenByA.All);
        await seenByB.WaitForAsync("s-from-a");

        // 2. And the other way round. Redis delivers in order on A's subscription: once B's nudge is in, an echo of A's
        //    own (already delivered here) would have come before it. It did not: each nudge reached A once.
        await b.PublishAsync("s-from-b", CancellationToken.None);
        await seenByA.WaitForAsync("s-from-b");
        Assert.Equal(["s-from-a", "s-from-b"], seenByA.All);
        Assert.Equal(["s-from-b"], seenByB.All.Where(s => s == "s-from-b"));
    }

    [Fact]
    public async Task Installations_with_other_prefixes_do_not_hear_each_others_nudges()
    {
        var prefix = NewPrefix();
        var otherPrefix = NewPrefix();
        await using var startedA = await StartAsync(prefix);
        var a = startedA.Nudges;
        await using var startedB = await StartAsync(prefix);
        var b = startedB.Nudges;
        await using var startedOther = await StartAsync(otherPrefix);
        var other = startedOther.Nudges;
        await using var startedOtherPublisher = await StartAsync(otherPrefix);
        var otherPublisher = startedOtherPublisher.Nudges;
        var seenByOther = new Seen();
        var seenByB = new Seen();
        using var _o = other.Subscribe(seenByOther.Add);
        using var _b = b.Subscribe(seenByB.Add);

        await a.PublishAsync("s-1", CancellationToken.None);
        await seenByB.WaitForAsync("s-1");

        // A nudge of the other installation, published after s-1 went out: Redis had written s-1 to every subscription it
        // matched before, so had the other installation heard s-1, it would have come first.
        await otherPublisher.PublishAsync("s-2", CancellationToken.None);
        await seenByOther.WaitForAsync("s-2");
        Assert.Equal(["s-2"], seenByOther.All);
    }

    [Fact]
    public async Task With_Redis_stopped_a_publish_does_not_throw_reaches_this_replica_and_nudges_cross_again_once_it_is_back()
    {
        var prefix = NewPrefix();
        await using var startedA = await StartAsync(prefix);
        var a = startedA.Nudges;
        await using var startedB = await StartAsync(prefix);
        var b = startedB.Nudges;
        var seenByA = new Seen();
        var seenByB = new Seen();
        using var _a = a.Subscribe(seenByA.Add);
        using var _b = b.Subscribe(seenByB.Add);

        await redis.StopAsync();
        try
        {
            // 1. Redis gone: the publish returns at once without an exception and this replica is nudged; sending fails, said.
            var publishing = a.PublishAsync("s-while-down", CancellationToken.None);
            Assert.True(publishing.IsCompletedSuccessfully);
            Assert.Equal(["s-while-down"], seenByA.All);
            Assert.False(await a.SendAsync("s-while-down").WaitAsync(Patience));
        }
        finally
        {
            await redis.StartAgainAsync();
        }

        // 2. Back: the clients reconnect and subscribe again by themselves, and A's nudges reach B again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!seenByB.All.Contains("s-after"))
        {
            Assert.True(DateTime.UtcNow < deadline, "B heard no nudge of A within 30 s of Redis coming back");
            await a.PublishAsync("s-after", CancellationToken.None);
            await Task.WhenAny(seenByB.WaitForAsync("s-after", Timeout.InfiniteTimeSpan), Task.Delay(250)); // a reply, or publish again
        }

        Assert.DoesNotContain("s-while-down", seenByB.All);
    }

    private async Task<Started> StartAsync(string prefix)
    {
        var options = Options.Create(new RedisOptions { Configuration = redis.ConnectionString, Prefix = prefix });
        var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        var nudges = new RedisReconcileNudges(connection, NullLogger<RedisReconcileNudges>.Instance);
        await nudges.StartAsync(CancellationToken.None);
        return new Started(nudges, connection);
    }

    private static string NewPrefix() => "nudges-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A started instance and its connection, disposed together.</summary>
    private sealed record Started(RedisReconcileNudges Nudges, RedisConnection Connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    /// <summary>The session ids a subscriber was nudged with, in order, and a way to wait for one.</summary>
    private sealed class Seen
    {
        private readonly ConcurrentQueue<string> _all = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

        public IReadOnlyList<string> All => [.. _all];

        public void Add(string sessionId)
        {
            _all.Enqueue(sessionId);
            Signal(sessionId).TrySetResult();
        }

        public Task WaitForAsync(string sessionId, TimeSpan? timeout = null) => Signal(sessionId).Task.WaitAsync(timeout ?? Patience);

        private TaskCompletionSource Signal(string sessionId) =>
            _waiting.GetOrAdd(sessionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
