using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>
/// A notebook stand-in that answers every request with the same bytes, written by hand: for response headers Kestrel
/// would not let a real server send (it rewrites Connection), such as a Connection header naming further hop-by-hop headers.
/// </summary>
internal sealed class ScriptedNotebook : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _response;

    public ScriptedNotebook(string response)
    {
        _response = Encoding.ASCII.GetBytes(response.ReplaceLineEndings("\r\n"));
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _ = ServeAsync();
    }

    public Uri Address { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var received = new StringBuilder();
            var buffer = new byte[4096];
            // One request per connection, no body: read up to the blank line, answer, close.
            while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await stream.WriteAsync(_response, _stop.Token);
        }
    }
}
