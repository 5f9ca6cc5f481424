using System.Net.Sockets;
using System.Text;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>
/// Sends an HTTP/1.1 request exactly as written and reads the response until the server closes, for tests about headers
/// that HttpClient would rewrite on its own (Connection, Keep-Alive, ...).
/// </summary>
internal static class RawHttp
{
    public static async Task<string> ExchangeAsync(Uri server, string requestHead)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requestHead.ReplaceLineEndings("\r\n") + "\r\n"));
        using var response = new MemoryStream();
        await stream.CopyToAsync(response).WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.UTF8.GetString(response.ToArray());
    }
}
