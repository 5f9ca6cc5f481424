using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Sandbox.NotebookProxy.Tests.Infrastructure;

namespace Sandbox.NotebookProxy.Tests.Exposure;

/// <summary>Both exposures through the real forwarder, against a notebook that sends every header a hostile one could.</summary>
public sealed class ExposureForwardingTests(ProxyFixture fixture) : IClassFixture<ProxyFixture>
{
    private const string User = "gina";

    [Fact]
    public async Task Own_origin_passes_host_only_cookies_and_strips_what_acts_beyond_the_notebooks_origin()
    {
        await using var proxy = await StartAsync(NotebookExposure.OwnOrigin, options => options.FrameAncestors.Add("https://portal.example"));
        using var client = Client(proxy);

        using var response = await client.GetAsync("/s/s1/browser-headers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["kept=1; Path=/s/; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.False(response.Headers.Contains("Clear-Site-Data"));
        Assert.Equal(["default-src 'self'", "frame-ancestors 'self' https://portal.example"], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("kept", Assert.Single(response.Headers.GetValues("X-Notebook-Own")));
        Assert.Equal("<html>notebook</html>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Own_origin_lets_a_browser_open_the_notebook_as_a_page()
    {
        await using var proxy = await StartAsync(NotebookExposure.OwnOrigin);
        using var client = Client(proxy);

        using var response = await client.SendAsync(Navigation("/s/s1/browser-headers"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Scripts_only_drops_every_cookie_and_browser_facing_header_and_sandboxes_the_answer()
    {
        await using var proxy = await StartAsync(NotebookExposure.ScriptsOnly);
        using var client = Client(proxy);

        using var response = await client.GetAsync("/s/s1/browser-headers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var dropped in new[] { "Set-Cookie", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Clear-Site-Data", "Service-Worker-Allowed", "Refresh", "Link" })
        {
            Assert.False(response.Headers.Contains(dropped), dropped + " reached the caller");
        }

        Assert.Equal(["default-src 'self'", "sandbox; default-src 'none'; frame-ancestors 'none'"], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.Equal("<html>notebook</html>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Sec-Fetch-Dest", "document")]
    [InlineData("Sec-Fetch-Dest", "iframe")]
    [InlineData("Sec-Fetch-Dest", "frame")]
    [InlineData("Sec-Fetch-Dest", "embed")]
    [InlineData("Sec-Fetch-Dest", "object")]
    [InlineData("Sec-Fetch-Mode", "navigate")]
    public async Task Scripts_only_refuses_a_browser_loading_a_document_before_looking_the_session_up(string header, string value)
    {
        var resolver = new CountingResolver(new AllowListResolver().Allow("s1", fixture.Notebook.Address, EchoingNotebookServer.Token, User));
        await using var proxy = await ProxyServer.StartAsync(resolver, exposure: NotebookExposure.ScriptsOnly);
        using var client = Client(proxy);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/s/s1/browser-headers");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "proxy.browser_refused");
        Assert.Equal(0, resolver.Calls);
    }

    [Fact]
    public async Task Scripts_only_serves_a_browsers_script_fetch_and_a_websocket()
    {
        await using var proxy = await StartAsync(NotebookExposure.ScriptsOnly);
        using var client = Client(proxy);
        using var fetch = new HttpRequestMessage(HttpMethod.Get, "/s/s1/echo/api/status");
        fetch.Headers.TryAddWithoutValidation("Sec-Fetch-Dest", "empty");
        fetch.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "cors");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(AllowListResolver.UserHeader, User);
        socket.Options.SetRequestHeader("Sec-Fetch-Dest", "websocket");

        using var response = await client.SendAsync(fetch);
        await socket.ConnectAsync(new Uri($"ws://{proxy.Address.Authority}/s/s1/ws/echo"), default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Both_exposures_can_be_mapped_in_one_app_own_origin_for_notebook_hosts()
    {
        var resolver = new AllowListResolver().Allow("s1", fixture.Notebook.Address, EchoingNotebookServer.Token, User);
        await using var proxy = await ProxyServer.StartAsync(resolver, null, app =>
        {
            app.MapNotebookProxy("/s", NotebookExposure.OwnOrigin).RequireHost("*.nb.localhost");
            app.MapNotebookProxy("/s", NotebookExposure.ScriptsOnly);
        });
        using var client = Client(proxy);
        using var onNotebookHost = new HttpRequestMessage(HttpMethod.Get, "/s/s1/browser-headers");
        onNotebookHost.Headers.Host = $"s1.nb.localhost:{proxy.Address.Port}";

        using var ownOrigin = await client.SendAsync(onNotebookHost);
        using var scriptsOnly = await client.GetAsync("/s/s1/browser-headers");
        using var navigation = await client.SendAsync(Navigation("/s/s1/browser-headers"));

        Assert.Equal(["kept=1; Path=/s/; HttpOnly"], ownOrigin.Headers.GetValues("Set-Cookie"));
        Assert.False(scriptsOnly.Headers.Contains("Set-Cookie"));
        Assert.Equal("same-origin", Assert.Single(scriptsOnly.Headers.GetValues("Cross-Origin-Resource-Policy")));
        await ProblemAssert.IsAsync(navigation, HttpStatusCode.Forbidden, "proxy.browser_refused");
    }

    private Task<ProxyServer> StartAsync(NotebookExposure exposure, Action<NotebookProxyOptions>? configure = null) =>
        ProxyServer.StartAsync(new AllowListResolver().Allow("s1", fixture.Notebook.Address, EchoingNotebookServer.Token, User), configure, exposure);

    private static HttpClient Client(ProxyServer proxy)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = proxy.Address };
        client.DefaultRequestHeaders.Add(AllowListResolver.UserHeader, User);
        return client;
    }

    private static HttpRequestMessage Navigation(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Dest", "document");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate");
        return request;
    }
}
