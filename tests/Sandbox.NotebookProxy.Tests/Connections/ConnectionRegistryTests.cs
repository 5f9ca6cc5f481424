using Sandbox.NotebookProxy.Connections;

namespace Sandbox.NotebookProxy.Tests.Connections;

public sealed class ConnectionRegistryTests
{
    private readonly ConnectionRegistry _registry = new();

    [Fact]
    public void CloseFor_closes_exactly_the_connections_of_that_session_and_owner()
    {
        var mentorsFirst = new CountingConnection();
        var mentorsSecond = new CountingConnection();
        var owners = new CountingConnection();
        var otherSession = new CountingConnection();
        _registry.Add(new ConnectionKey("s1", "mentor"), mentorsFirst);
        _registry.Add(new ConnectionKey("s1", "mentor"), mentorsSecond);
        _registry.Add(new ConnectionKey("s1", "owner"), owners);
        _registry.Add(new ConnectionKey("s2", "mentor"), otherSession);

        var closed = _registry.CloseFor("s1", "mentor");

        Assert.Equal(2, closed);
        Assert.Equal((1, 1, 0, 0), (mentorsFirst.Closes, mentorsSecond.Closes, owners.Closes, otherSession.Closes));
    }

    [Fact]
    public void CloseAllFor_closes_every_session_of_that_owner_and_only_theirs()
    {
        var inS1 = new CountingConnection();
        var inS2 = new CountingConnection();
        var removed = new CountingConnection();
        var othersInS1 = new CountingConnection();
        _registry.Add(new ConnectionKey("s1", "mentor"), inS1);
        _registry.Add(new ConnectionKey("s2", "mentor"), inS2);
        _registry.Add(new ConnectionKey("s3", "mentor"), removed);
        _registry.Remove(new ConnectionKey("s3", "mentor"), removed);
        _registry.Add(new ConnectionKey("s1", "owner"), othersInS1);

        var closed = _registry.CloseAllFor("mentor");

        Assert.Equal(2, closed);
        Assert.Equal((1, 1, 0, 0), (inS1.Closes, inS2.Closes, removed.Closes, othersInS1.Closes));
        Assert.Equal(0, _registry.CloseAllFor("nobody"));
    }

    [Fact]
    public void A_removed_connection_is_not_closed_and_an_emptied_key_can_be_used_again()
    {
        var key = new ConnectionKey("s1", "mentor");
        var gone = new CountingConnection();
        var later = new CountingConnection();
        _registry.Add(key, gone);
        _registry.Remove(key, gone);

        Assert.Equal(0, _registry.CloseFor("s1", "mentor"));
        _registry.Add(key, later);
        Assert.Equal(1, _registry.CloseFor("s1", "mentor"));
        Assert.Equal((0, 1), (gone.Closes, later.Closes));
    }

    [Fact]
    public async Task Concurrent_adds_and_removes_lose_no_connection()
    {
        var key = new ConnectionKey("s1", "mentor");
        var survivors = new CountingConnection[64];
        for (var i = 0; i < survivors.Length; i++)
        {
            survivors[i] = new CountingConnection();
        }

        // Churn on the same key empties and re-creates its set over and over while survivors are added.
        var churn = Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var transient = new CountingConnection();
                _registry.Add(key, transient);
                _registry.Remove(key, transient);
            }
        });
        var adds = Task.Run(() =>
        {
            foreach (var survivor in survivors)
            {
                _registry.Add(key, survivor);
                Thread.Yield();
            }
        });
        await Task.WhenAll(churn, adds);

        Assert.Equal(survivors.Length, _registry.CloseFor("s1", "mentor"));
        Assert.All(survivors, s => Assert.Equal(1, s.Closes));
    }

    [Fact]
    public void CloseWebSockets_closes_every_WebSocket_relay_and_leaves_plain_requests_to_finish()
    {
        var kernel = new CountingConnection { IsWebSocket = true };
        var otherOwnersKernel = new CountingConnection { IsWebSocket = true };
        var download = new CountingConnection();
        _registry.Add(new ConnectionKey("s1", "owner"), kernel);
        _registry.Add(new ConnectionKey("s1", "owner"), download);
        _registry.Add(new ConnectionKey("s2", "mentor"), otherOwnersKernel);

        Assert.Equal(2, _registry.CloseWebSockets());
        Assert.Equal((1, 1, 0), (kernel.Closes, otherOwnersKernel.Closes, download.Closes));
    }

    /// <summary>A connection that only counts how often it was closed.</summary>
    private sealed class CountingConnection : IProxiedConnection
    {
        private int _closes;

        public int Closes => _closes;

        public bool IsWebSocket { get; init; }

        public void Close() => Interlocked.Increment(ref _closes);
    }
}
