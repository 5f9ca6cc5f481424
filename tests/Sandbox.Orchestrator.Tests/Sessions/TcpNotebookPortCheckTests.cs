using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>The cheap first step of a readiness probe, against real sockets on this machine.</summary>
public sealed class TcpNotebookPortCheckTests
{
    private readonly TcpNotebookPortCheck _check = new();

    [Fact]
    public async Task A_listening_port_is_listening()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.True(await _check.IsListeningAsync(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [Fact]
    public async Task A_closed_port_is_not_listening_and_throws_nothing()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        Assert.False(await _check.IsListeningAsync(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [Fact]
    public async Task An_address_that_drops_connects_gives_up_after_the_timeout()
    {
        // TEST-NET-1 (RFC 5737) is never routed: the SYN goes nowhere, or the network is reported unreachable at once.
        var watch = Stopwatch.StartNew();
        var listening = await _check.IsListeningAsync(new Uri("http://192.0.2.1:8888/"), TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.False(listening);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }
}
