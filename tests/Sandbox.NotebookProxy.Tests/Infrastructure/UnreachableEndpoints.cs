using System.Net;
using System.Net.Sockets;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>Notebook addresses that fail in the two ways a dead container does: refusing, or never answering.</summary>
internal sealed class UnreachableEndpoints : IDisposable
{
    private readonly Socket _silentListener;
    private readonly List<Socket> _queueFillers = [];

    public UnreachableEndpoints()
    {
        // A port that was just free: connecting to it is refused at once.
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Refusing = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndPoint!).Port}");
        }

        // A listener that never accepts, its accept queue filled: Linux then drops further SYNs, so a connect hangs
        // until the client's connect timeout, as with a host that vanished.
        _silentListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _silentListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _silentListener.Listen(1);
        var endpoint = (IPEndPoint)_silentListener.LocalEndPoint!;
        Silent = new Uri($"http://127.0.0.1:{endpoint.Port}");
        // A connect that hangs after at least one went through shows the queue is full (how many it holds varies). A
        // slow first connect on a busy machine is not taken for a full queue, but three hanging in a row are: under
        // load (CI runs test assemblies in parallel) the first connects may already be the ones that hang.
        var queued = 0;
        var hung = 0;
        for (var i = 0; i < 32; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _queueFillers.Add(filler);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                filler.ConnectAsync(endpoint, timeout.Token).AsTask().GetAwaiter().GetResult();
                queued++;
                hung = 0;
            }
            catch (OperationCanceledException) when (queued >= 1 || ++hung >= 3)
            {
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }

        throw new InvalidOperationException("Could not fill the silent listener's accept queue.");
    }

    public Uri Refusing { get; }

    public Uri Silent { get; }

    public void Dispose()
    {
        foreach (var filler in _queueFillers)
        {
            filler.Dispose();
        }

        _silentListener.Dispose();
    }
}
