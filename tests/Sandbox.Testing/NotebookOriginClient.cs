using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandbox.Testing;

/// <summary>
/// A script's view of a session's notebook origin (<c>{session}.nb.localhost:{port}</c>). .NET's resolver does not map
/// <c>*.localhost</c> to loopback as browsers do, so it connects to 127.0.0.1 and sends the origin's Host header, and it
/// keeps the origin's cookie itself, exactly as a browser would for that host only.
/// </summary>
public sealed class NotebookOriginClient : IDisposable
{
    private readonly HttpClient _http;

    public NotebookOriginClient(Uri orchestrator, string sessionId, string notebookHost = "nb.localhost")
    {
        SessionId = sessionId;
        Host = $"{sessionId}.{notebookHost}:{orchestrator.Port}";
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = orchestrator };
        LoopbackInvoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseCookies = false,
            // What a browser does for *.localhost: whatever the name, connect to the loopback address.
            ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
    }

    /// <summary>Sends to 127.0.0.1 whatever host a URL names (for WebSockets, whose Host comes from the URL).</summary>
    public HttpMessageInvoker LoopbackInvoker { get; }

    /// <summary>The <c>ws://</c> URL of <c>/s/{session}/{rest}</c> at this origin.</summary>
    public Uri WebSocketUri(string rest) => new($"ws://{Host}/s/{SessionId}/{rest}");

    public string SessionId { get; }

    /// <summary>The Host header this client sends (the notebook origin's host and port).</summary>
    public string Host { get; }

    /// <summary>The notebook cookie as <c>name=value</c>, once a hand-off was redeemed (or set by a test).</summary>
    public string? Cookie { get; set; }

    /// <summary>Asks the API (with <paramref name="api"/>'s bearer token) for a hand-off; returns the answer's URL.</summary>
    public static async Task<HttpResponseMessage> RequestHandoffAsync(SandboxApi api, string sessionId, string? next = null) =>
        await api.Http.PostAsJsonAsync($"/api/v1/sessions/{sessionId}/handoff", new { next });

    /// <summary>Takes the hand-off URL to the notebook origin as a browser would, keeping the cookie it sets.</summary>
    public async Task<HttpResponseMessage> RedeemAsync(string handoffUrl)
    {
        var url = new Uri(handoffUrl);
        if (!string.Equals(url.Authority, Host, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The hand-off {handoffUrl} is not for {Host}.");
        }

        var response = await SendAsync(HttpMethod.Get, url.PathAndQuery);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            Cookie = cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("sandbox.nb=", StringComparison.Ordinal)) ?? Cookie;
        }

        return response;
    }

    /// <summary>Signs in at the origin: a hand-off for <paramref name="api"/>'s member, redeemed.</summary>
    public async Task SignInAsync(SandboxApi api)
    {
        using var handoff = await RequestHandoffAsync(api, SessionId);
        handoff.EnsureSuccessStatusCode();
        var url = (await handoff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        using var redeemed = await RedeemAsync(url);
        if (redeemed.StatusCode != HttpStatusCode.SeeOther || Cookie is null)
        {
            throw new InvalidOperationException($"Redeeming the hand-off gave {(int)redeemed.StatusCode} and no cookie.");
        }
    }

    /// <summary>A request to the notebook origin with its Host header and, if any, its cookie.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        request.Headers.Host = Host;
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }

        configure?.Invoke(request);
        return _http.SendAsync(request);
    }

    /// <summary>GET <c>/s/{session}/{rest}</c> on the origin.</summary>
    public Task<HttpResponseMessage> GetNotebookAsync(string rest) => SendAsync(HttpMethod.Get, $"/s/{SessionId}/{rest}");

    public void Dispose()
    {
        _http.Dispose();
        LoopbackInvoker.Dispose();
    }
}
