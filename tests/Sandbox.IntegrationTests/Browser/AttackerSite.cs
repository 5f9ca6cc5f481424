using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>
/// A web page of another site: served on <c>localhost</c> while the orchestrator is on <c>127.0.0.1</c>, which browsers
/// treat as different sites, so SameSite rules apply between them. A bare TCP listener keeps it free of any web stack.
/// </summary>
internal sealed class AttackerSite : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly byte[] _page;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private AttackerSite(string html)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _page = Encoding.UTF8.GetBytes(html);
        _accepting = Task.Run(AcceptAsync);
    }

    public Uri Address => new($"http://localhost:{((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The request lines the site was asked for ("GET / HTTP/1.1"), to prove the browser came.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static AttackerSite Serving(string html) => new(html);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
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

            // Browsers open spare connections that may never send a request: serve each on its own.
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync(timeout.Token);
            if (requestLine is null)
            {
                return;
            }

            Requests.Enqueue(requestLine);
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(timeout.Token)))
            {
                // Headers are not needed.
            }

            var found = requestLine.StartsWith("GET / ", StringComparison.Ordinal);
            var body = found ? _page : Encoding.UTF8.GetBytes("not here");
            var head = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: {(found ? "text/html" : "text/plain")}; charset=utf-8\r\n" +
                       $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
            await stream.WriteAsync(body, timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // A connection the browser dropped or never used.
        }
    }
}
