using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Sandbox.NotebookProxy.Tests.Infrastructure;

namespace Sandbox.NotebookProxy.Tests.WebSockets;

public sealed class WebSocketForwardingTests(ProxyFixture fixture) : IClassFixture<ProxyFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Text_and_binary_messages_echo_through_both_ways()
    {
        using var socket = await ConnectAsync("/s/s1/ws/echo");
        var binary = new byte[200_000];
        Random.Shared.NextBytes(binary);

        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"msg_type\":\"execute_request\"}"), WebSocketMessageType.Text, true, default);
        var text = await ReceiveMessageAsync(socket);
        await socket.SendAsync(binary, WebSocketMessageType.Binary, true, default);
        var echoed = await ReceiveMessageAsync(socket);

        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("{\"msg_type\":\"execute_request\"}", Encoding.UTF8.GetString(text.Payload));
        Assert.Equal(WebSocketMessageType.Binary, echoed.Type);
        Assert.Equal(binary, echoed.Payload);
    }

    [Fact]
    public async Task Fragments_keep_their_message_boundaries()
    {
        using var socket = await ConnectAsync("/s/s1/ws/echo");

        await socket.SendAsync(Encoding.UTF8.GetBytes("hel"), WebSocketMessageType.Text, endOfMessage: false, default);
        await socket.SendAsync(Encoding.UTF8.GetBytes("lo"), WebSocketMessageType.Text, endOfMessage: true, default);
        await socket.SendAsync(Encoding.UTF8.GetBytes("next"), WebSocketMessageType.Text, endOfMessage: true, default);
        var buffer = new byte[1024];
        var first = await socket.ReceiveAsync(buffer.AsMemory(), default).AsTask().WaitAsync(Patience);
        var firstText = Encoding.UTF8.GetString(buffer, 0, first.Count);
        var second = await socket.ReceiveAsync(buffer.AsMemory(), default).AsTask().WaitAsync(Patience);
        var secondText = Encoding.UTF8.GetString(buffer, 0, second.Count);
        var next = await ReceiveMessageAsync(socket);

        Assert.Equal(("hel", false), (firstText, first.EndOfMessage));
        Assert.Equal(("lo", true), (secondText, second.EndOfMessage));
        Assert.Equal("next", Encoding.UTF8.GetString(next.Payload));
    }

    [Fact]
    public async Task The_callers_close_status_reaches_the_notebook_and_its_answer_comes_back()
    {
        using var socket = await ConnectAsync("/s/s1/ws/echo");

        // The echo notebook answers a close with the status and description it received.
        await socket.CloseAsync((WebSocketCloseStatus)4001, "caller done", default).WaitAsync(Patience);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal((WebSocketCloseStatus)4001, socket.CloseStatus);
        Assert.Equal("caller done", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task The_notebooks_close_status_reaches_the_caller()
    {
        using var socket = await ConnectAsync("/s/s1/ws/close/4002");

        var received = await socket.ReceiveAsync(new byte[64].AsMemory(), default).AsTask().WaitAsync(Patience);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, default);

        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal((WebSocketCloseStatus)4002, socket.CloseStatus);
        Assert.Equal("notebook says bye", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task The_subprotocol_the_notebook_picks_is_the_one_the_caller_gets()
    {
        using var socket = await ConnectAsync("/s/s1/ws/echo", options =>
        {
            options.AddSubProtocol("v1.kernel.websocket.jupyter.org");
            options.AddSubProtocol("other");
        });

        Assert.Equal("v1.kernel.websocket.jupyter.org", socket.SubProtocol);
    }

    [Fact]
    public async Task The_notebook_sees_its_token_but_not_the_callers_credentials_or_origin()
    {
        using var socket = await ConnectAsync("/s/s1/ws/headers", options =>
        {
            options.SetRequestHeader("Authorization", "Bearer caller-access-token");
            options.SetRequestHeader("Cookie", ".AspNetCore.Cookies=signin; _xsrf=abc");
            options.SetRequestHeader("Origin", fixture.Proxy.Address.GetLeftPart(UriPartial.Authority));
        });

        var report = await ReceiveMessageAsync(socket);
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(report.Payload)!;

        Assert.Equal("token test-token", headers["Authorization"]);
        Assert.Equal("_xsrf=abc", headers["Cookie"]);
        Assert.False(headers.ContainsKey("Origin"));
        Assert.Equal("127.0.0.1", headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task A_handshake_from_another_sites_page_is_refused_with_403()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader(AllowListResolver.UserHeader, ProxyFixture.Owner);
        socket.Options.SetRequestHeader("Origin", "https://evil.example");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri("/s/s1/ws/echo"), default));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_handshake_from_an_allowed_extra_origin_passes()
    {
        using var socket = await ConnectAsync("/s/s1/ws/echo", options => options.SetRequestHeader("Origin", "https://portal.example"));

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Theory]
    [InlineData(ProxyFixture.Stranger, "/s/s1/ws/echo", HttpStatusCode.NotFound)]
    [InlineData(ProxyFixture.Owner, "/s/refusing/api/kernels/k/channels", HttpStatusCode.BadGateway)]
    [InlineData(ProxyFixture.Owner, "/s/wrong-token/ws/echo", HttpStatusCode.Forbidden)]
    public async Task A_handshake_that_cannot_be_relayed_fails_as_http(string user, string path, HttpStatusCode expected)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader(AllowListResolver.UserHeader, user);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(path), default));

        Assert.Equal(expected, socket.HttpStatusCode);
    }

    [Fact]
    public async Task CloseFor_cuts_a_live_websocket_within_a_second()
    {
        using var socket = await ConnectAsync("/s/s1/ws/echo", user: ProxyFixture.Mentor);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, true, default);
        Assert.Equal("ping", Encoding.UTF8.GetString((await ReceiveMessageAsync(socket)).Payload));
        var pending = socket.ReceiveAsync(new byte[64].AsMemory(), default).AsTask();

        var clock = Stopwatch.StartNew();
        var closed = fixture.Proxy.Connections.CloseFor(ProxyFixture.Session, ProxyFixture.Mentor);

        // The upgraded connection is aborted: no close frame, the socket just ends.
        Assert.Equal(1, closed);
        await Assert.ThrowsAsync<WebSocketException>(() => pending.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal(WebSocketState.Aborted, socket.State);
        await Eventually.TrueAsync(() => fixture.Proxy.Registry.CountFor(ProxyFixture.Session, ProxyFixture.Mentor) == 0, TimeSpan.FromSeconds(20)); // a deadline for a broken proxy only: generous for a loaded machine
    }

    [Fact]
    public async Task CloseFor_leaves_other_users_websockets_open()
    {
        using var owners = await ConnectAsync("/s/s1/ws/echo", user: ProxyFixture.Owner);

        var closed = fixture.Proxy.Connections.CloseFor(ProxyFixture.Session, "someone-else");
        await owners.SendAsync(Encoding.UTF8.GetBytes("still here"), WebSocketMessageType.Text, true, default);

        Assert.Equal(0, closed);
        Assert.Equal("still here", Encoding.UTF8.GetString((await ReceiveMessageAsync(owners)).Payload));
    }

    [Fact]
    public async Task A_websocket_that_carries_nothing_for_the_idle_timeout_is_cut()
    {
        await using var proxy = await ProxyServer.StartAsync(
            new AllowListResolver().Allow("s1", fixture.Notebook.Address, EchoingNotebookServer.Token, "dave"),
            options => options.WebSocketIdleTimeout = TimeSpan.FromMilliseconds(400));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(AllowListResolver.UserHeader, "dave");
        // The client's own keep-alive pings would count as traffic.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri($"ws://{proxy.Address.Authority}/s/s1/ws/echo"), default);
        await socket.SendAsync(Encoding.UTF8.GetBytes("active"), WebSocketMessageType.Text, true, default);
        Assert.Equal("active", Encoding.UTF8.GetString((await ReceiveMessageAsync(socket)).Payload));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveAsync(new byte[64].AsMemory(), default).AsTask().WaitAsync(Patience));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_notebook_that_does_not_answer_the_handshake_in_time_is_a_504()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/s/s1/ws/slow-handshake");
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        var clock = Stopwatch.StartNew();

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.GatewayTimeout, "proxy.upstream_timeout");
        Assert.InRange(clock.Elapsed, ProxyFixture.HeadersTimeout - TimeSpan.FromMilliseconds(100), ProxyFixture.HeadersTimeout * 2.5);
    }

    private Uri WebSocketUri(string path) => new($"ws://{fixture.Proxy.Address.Authority}{path}");

    private async Task<ClientWebSocket> ConnectAsync(string path, Action<ClientWebSocketOptions>? configure = null, string user = ProxyFixture.Owner)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(AllowListResolver.UserHeader, user);
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(WebSocketUri(path), default).WaitAsync(Patience);
        return socket;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync(WebSocket socket)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), default).AsTask().WaitAsync(Patience);
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return (received.MessageType, message.ToArray());
            }
        }
    }
}
