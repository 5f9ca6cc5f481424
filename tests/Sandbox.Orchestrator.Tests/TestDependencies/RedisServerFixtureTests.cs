using StackExchange.Redis;
using Sandbox.Testing.Containers;
using Xunit.Abstractions;

namespace Sandbox.Orchestrator.Tests.TestDependencies;

/// <summary>
/// The tests' throwaway Redis (<see cref="RedisServerFixture"/>): Debian's redis-server 7 from the image built here,
/// reachable from the host without a password, a pub/sub round trip between two connections, and a Redis that a test
/// takes down and brings back at the same address.
/// </summary>
public sealed class RedisServerFixtureTests(RedisServerFixture redis, ITestOutputHelper output) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_message_published_on_one_connection_reaches_a_subscriber_on_another()
    {
        output.WriteLine($"container start (create to ready): {redis.StartTime.TotalMilliseconds:F0} ms");
        await using var subscriber = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var channel = RedisChannel.Literal("sandbox-test-" + Guid.NewGuid().ToString("N"));
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await subscriber.GetSubscriber().SubscribeAsync(channel, (_, message) => received.TrySetResult(message.ToString()));

        var receivers = await publisher.GetSubscriber().PublishAsync(channel, "session s-1 stopped");

        Assert.Equal(1, receivers);
        Assert.Equal("session s-1 stopped", await received.Task.WaitAsync(Patience));
        Assert.Equal(7, publisher.GetServer(publisher.GetEndPoints()[0]).Version.Major);
    }

    [Fact]
    public async Task A_stopped_redis_refuses_and_comes_back_empty_at_the_same_address()
    {
        var address = redis.ConnectionString;
        await using (var before = await ConnectionMultiplexer.ConnectAsync(address))
        {
            await before.GetDatabase().StringSetAsync("kept", "no");
        }

        await redis.StopAsync();
        var down = await ConnectionMultiplexer.ConnectAsync(address + ",abortConnect=false,connectTimeout=1000");
        await using (down)
        {
            Assert.False(down.IsConnected);
            await Assert.ThrowsAsync<RedisConnectionException>(() => down.GetDatabase().PingAsync());
        }

        await redis.StartAgainAsync();
        Assert.Equal(address, redis.ConnectionString);
        await using var after = await ConnectionMultiplexer.ConnectAsync(address);
        Assert.True((await after.GetDatabase().StringGetAsync("kept")).IsNull);
    }

    [Fact]
    public async Task A_paused_redis_answers_nothing_until_it_runs_again()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",syncTimeout=1000,asyncTimeout=1000");
        await connection.GetDatabase().StringSetAsync("paused", "yes");

        await redis.PauseAsync();
        try
        {
            await Assert.ThrowsAsync<RedisTimeoutException>(() => connection.GetDatabase().StringGetAsync("paused"));
        }
        finally
        {
            await redis.UnpauseAsync();
        }

        Assert.Equal("yes", (string?)await connection.GetDatabase().StringGetAsync("paused"));
    }
}
