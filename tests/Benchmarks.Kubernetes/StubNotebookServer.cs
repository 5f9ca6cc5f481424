using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Benchmarks.Kubernetes;

/// <summary>
/// Stands in for every notebook server of <see cref="SimulatedKubelet"/>'s pods: one listener on a loopback address of
/// its own (127.x.y.1), answering any HTTP request with 200 and <c>{}</c> and closing the connection. What the
/// orchestrator asks a notebook while it starts (its port, then <c>api/status</c>) is answered at once, so the benchmark
/// measures the orchestrator's bookkeeping, not notebooks starting.
/// </summary>
internal sealed class StubNotebookServer : IAsyncDisposable
{
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private StubNotebookServer(TcpListener listener)
    {
        _listener = listener;
        _accepting = AcceptAllAsync();
    }

    /// <summary>The address the pods are given as their IP.</summary>
    public IPAddress Address => ((IPEndPoint)_listener.LocalEndpoint).Address;

    /// <summary>Starts listening on <paramref name="port"/> of a random 127.x.y.1 address.</summary>
    public static StubNotebookServer Start(int port)
    {
        var address = new IPAddress([127, (byte)RandomNumberGenerator.GetInt32(100, 250), (byte)RandomNumberGenerator.GetInt32(1, 250), 1]);
        var listener = new TcpListener(address, port);
        listener.Start(512);
        return new StubNotebookServer(listener);
    }

    private async Task AcceptAllAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _ = AnswerAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var seen = 0;
                // The request's headers end with an empty line; a bare connect (the port check) sends nothing and closes.
                while (seen < buffer.Length && await stream.ReadAsync(buffer.AsMemory(seen)) is var read and > 0)
                {
                    seen += read;
                    if (buffer.AsSpan(0, seen).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        await stream.WriteAsync(Answer);
                        return;
                    }
                }
            }
            catch (IOException)
            {
                // The client went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
