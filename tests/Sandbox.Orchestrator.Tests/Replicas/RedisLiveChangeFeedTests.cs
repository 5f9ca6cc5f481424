using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Replicas;

/// <summary>
/// The live feed of several replicas on a real Redis (<see cref="RedisServerFixture"/>): changes published back to back
/// reach every replica, all of them and in order, and they are pipelined (a replica does not wait for one reply before
/// sending the next change, which capped the feed at one change per round trip).
/// </summary>
public sealed class RedisLiveChangeFeedTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Changes_published_back_to_back_reach_every_replica_all_and_in_order()
    {
        var prefix = "feed-" + Guid.NewGuid().ToString("N")[..8];
        await using var connectionA = Connection(prefix);
        await using var connectionB = Connection(prefix);
        using var a = new RedisLiveChangeFeed(connectionA, NullLogger<RedisLiveChangeFeed>.Instance);
        using var b = new RedisLiveChangeFeed(connectionB, NullLogger<RedisLiveChangeFeed>.Instance);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);

        for (var i = 0; i < 2_000; i++)
        {
            a.Publish(Change(i));
        }

        Assert.Equal(Enumerable.Range(0, 2_000), await SequenceAsync(b, 2_000));
        Assert.Equal(Enumerable.Range(0, 2_000), await SequenceAsync(a, 2_000));
        await a.StopAsync(CancellationToken.None);
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Queued_changes_are_all_sent_before_the_first_reply_comes_back()
    {
        var prefix = "feed-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = Connection(prefix);
        using var feed = new RedisLiveChangeFeed(connection, NullLogger<RedisLiveChangeFeed>.Instance);
        await feed.StartAsync(CancellationToken.None);
        var multiplexer = await connection.ConnectAsync();

        // A hung Redis answers nothing: every change the feed sent meanwhile waits for its reply on the connection.
        await redis.PauseAsync();
        int awaiting;
        try
        {
            for (var i = 0; i < 50; i++)
            {
                feed.Publish(Change(i));
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((awaiting = multiplexer.GetCounters().Interactive.SentItemsAwaitingResponse) < 50 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20); // poll interval over the client's counters, until all are sent or the deadline
            }
        }
        finally
        {
            await redis.UnpauseAsync();
        }

        Assert.True(awaiting == 50, $"{awaiting} of 50 changes were sent before the first reply came back");
        Assert.Equal(Enumerable.Range(0, 50), await SequenceAsync(feed, 50));
        await feed.StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// A connection that waits a minute for a reply: the client's default of 5 s is shorter than a pause can last on a
    /// loaded machine (pausing and unpausing the container take seconds there), and a timed-out publish falls back to
    /// local delivery, which is not what these tests look at.
    /// </summary>
    private RedisConnection Connection(string prefix) => new(
        Options.Create(new RedisOptions { Configuration = redis.ConnectionString + ",asyncTimeout=60000", Prefix = prefix }),
        NullLogger<RedisConnection>.Instance);

    private static SessionChanged Change(int sequence) => new("owner", new SessionView(
        "s-1", "owner", "python", "small", "running", null, 100, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null, DateTimeOffset.UnixEpoch, null, null, []));

    /// <summary>The sequence numbers of the next <paramref name="count"/> changes the feed reads.</summary>
    private static async Task<List<int>> SequenceAsync(RedisLiveChangeFeed feed, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var read = new List<int>();
        await foreach (var change in feed.ReadAllAsync(timeout.Token))
        {
            read.Add(int.Parse(Assert.IsType<SessionChanged>(change).View.Message, System.Globalization.CultureInfo.InvariantCulture));
            if (read.Count == count)
            {
                break;
            }
        }

        return read;
    }
}
