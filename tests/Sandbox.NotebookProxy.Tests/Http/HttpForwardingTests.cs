using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Sandbox.NotebookProxy.Tests.Infrastructure;

namespace Sandbox.NotebookProxy.Tests.Http;

public sealed class HttpForwardingTests(ProxyFixture fixture) : IClassFixture<ProxyFixture>
{
    [Fact]
    public async Task Path_and_query_reach_the_notebook_unchanged()
    {
        using var client = fixture.CreateClient();
        const string target = "/s/s1/echo/api/contents/my%20notebook%C3%A9.ipynb?content=1&type=file&x=%2F%20a";

        var echoed = await client.GetFromJsonAsync<EchoedRequest>(target);

        Assert.Equal("GET", echoed!.Method);
        Assert.Equal(target, echoed.RawTarget);
    }

    [Fact]
    public async Task The_notebook_gets_its_token_and_never_the_callers_credentials_or_the_orchestrators_cookies()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/s/s1/echo/api/status");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer caller-access-token");
        request.Headers.TryAddWithoutValidation("Cookie", ".AspNetCore.Cookies=signin; _xsrf=2|abc; sandbox.antiforgery=af; username-x=1");

        using var response = await client.SendAsync(request);
        var echoed = await response.Content.ReadFromJsonAsync<EchoedRequest>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("token test-token", echoed!.Headers["Authorization"]);
        Assert.Equal("_xsrf=2|abc; username-x=1", echoed.Headers["Cookie"]);
    }

    [Fact]
    public async Task A_cookie_header_of_only_orchestrator_cookies_is_not_forwarded()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/s/s1/echo/");
        request.Headers.TryAddWithoutValidation("Cookie", ".AspNetCore.Identity.Application=x; sandbox.session=y");

        var echoed = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<EchoedRequest>();

        Assert.False(echoed!.Headers.ContainsKey("Cookie"));
    }

    [Fact]
    public async Task Hop_by_hop_headers_stop_at_the_proxy_in_both_directions()
    {
        var response = await RawHttp.ExchangeAsync(fixture.Proxy.Address, $"""
            GET /s/s1/echo/ HTTP/1.1
            Host: {fixture.Proxy.Address.Authority}
            {AllowListResolver.UserHeader}: {ProxyFixture.Owner}
            Connection: close
            Keep-Alive: timeout=5
            Proxy-Authorization: Basic eDp5
            TE: trailers
            Upgrade-Insecure-Requests: 1
            X-Caller-Kept: yes

            """);
        var (head, body) = SplitResponse(response);
        var echoed = JsonSerializer.Deserialize<EchoedRequest>(body, JsonSerializerOptions.Web)!;

        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.Equal("yes", echoed.Headers["X-Caller-Kept"]);
        // Kestrel keeps only close/keep-alive/upgrade of the caller's Connection header, so headers it names are dropped
        // by UpstreamRequestHeaders on other servers only (see UpstreamRequestHeadersTests); the notebook's are checked below.
        // Upgrade-Insecure-Requests is on the forwarder's list of headers that stop at a proxy.
        foreach (var dropped in new[] { "Keep-Alive", "Proxy-Authorization", "TE", "Upgrade-Insecure-Requests" })
        {
            Assert.False(echoed.Headers.ContainsKey(dropped), dropped + " reached the notebook");
        }

        using var client = fixture.CreateClient();
        using var scripted = await client.GetAsync("/s/scripted/anything");
        Assert.Equal("yes", Assert.Single(scripted.Headers.GetValues("X-Upstream-Kept")));
        Assert.Equal("ok", await scripted.Content.ReadAsStringAsync());
        foreach (var dropped in new[] { "X-Upstream-Hop", "Keep-Alive", "Proxy-Upstream" })
        {
            Assert.False(scripted.Headers.Contains(dropped), dropped + " reached the caller");
        }

    }

    [Fact]
    public async Task Forwarding_headers_say_who_called_and_replace_what_the_caller_claimed()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/s/s1/echo/");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.9.9.9");

        var echoed = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<EchoedRequest>();

        Assert.Equal("127.0.0.1", echoed!.Headers["X-Forwarded-For"]);
        Assert.Equal("http", echoed.Headers["X-Forwarded-Proto"]);
        Assert.Equal(fixture.Proxy.Address.Authority, echoed.Headers["X-Forwarded-Host"]);
        Assert.Equal(fixture.Proxy.Address.Authority, echoed.Headers["Host"]);
    }

    [Fact]
    public async Task A_mentor_the_resolver_allows_gets_through()
    {
        using var client = fixture.CreateClient(ProxyFixture.Mentor);

        using var response = await client.GetAsync("/s/s1/echo/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(ProxyFixture.Stranger, "/s/s1/echo/")]
    [InlineData(ProxyFixture.Owner, "/s/no-such-session/api/status")]
    public async Task A_session_the_resolver_refuses_looks_like_it_does_not_exist(string user, string path)
    {
        using var client = fixture.CreateClient(user);

        using var response = await client.GetAsync(path);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "proxy.session_not_found");
    }

    [Fact]
    public async Task A_notebook_that_refuses_connections_is_a_502()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("/s/refusing/api/status");

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadGateway, "proxy.upstream_unavailable");
    }

    [Fact]
    public async Task A_notebook_that_never_accepts_the_connection_is_a_502_after_the_connect_timeout()
    {
        using var client = fixture.CreateClient();
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync("/s/silent/api/status");

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadGateway, "proxy.upstream_unavailable");
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1400));
    }

    [Fact]
    public async Task A_notebook_slower_than_the_headers_timeout_is_a_504()
    {
        using var client = fixture.CreateClient();
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync("/s/s1/delay?ms=20000");

        await ProblemAssert.IsAsync(response, HttpStatusCode.GatewayTimeout, "proxy.upstream_timeout");
        Assert.InRange(clock.Elapsed, ProxyFixture.HeadersTimeout - TimeSpan.FromMilliseconds(100), ProxyFixture.HeadersTimeout * 2.5);
    }

    [Fact]
    public async Task A_notebook_answer_within_the_timeout_passes()
    {
        using var client = fixture.CreateClient();

        var body = await client.GetStringAsync("/s/s1/delay?ms=200");

        Assert.Equal("late", body);
    }

    [Fact]
    public async Task The_notebooks_own_statuses_and_redirects_pass_through_untouched()
    {
        using var client = fixture.CreateClient();

        using var wrongToken = await client.GetAsync("/s/wrong-token/echo/");
        using var redirect = await client.GetAsync("/s/s1/redirect");

        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/elsewhere", redirect.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Several_set_cookie_headers_stay_separate()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("/s/s1/cookies");

        Assert.Equal(["a=1; Path=/s/", "b=2; Path=/s/"], response.Headers.GetValues("Set-Cookie"));
    }

    [Theory]
    [InlineData("/s/s1", "/s/s1/")]
    [InlineData("/s/s1?reset=1", "/s/s1/?reset=1")]
    public async Task The_session_root_without_a_slash_redirects_to_the_slash_form(string path, string location)
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_request_body_reaches_the_notebook_whole()
    {
        using var client = fixture.CreateClient();
        var payload = new byte[3 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(payload);

        using var response = await client.PostAsync("/s/s1/echo/api/contents/x", new ByteArrayContent(payload));
        var echoed = await response.Content.ReadFromJsonAsync<EchoedRequest>();

        Assert.Equal("POST", echoed!.Method);
        Assert.Equal(payload.Length, echoed.BodyLength);
        Assert.Equal(payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), echoed.Headers["Content-Length"]);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        using var client = fixture.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Put, "/s/s1/echo/api/contents/big") { Content = new ByteArrayContent(new byte[9 * 1024 * 1024]) };
        // As browsers and Jupyter's upload do not, but a large upload should: the proxy can refuse before the body is sent.
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "proxy.request_body_too_large");
    }

    [Fact]
    public async Task An_unsafe_request_from_another_sites_page_is_refused_and_one_from_our_own_or_an_allowed_origin_passes()
    {
        using var client = fixture.CreateClient();

        using var foreign = await PostWithOriginAsync(client, "https://evil.example");
        using var own = await PostWithOriginAsync(client, fixture.Proxy.Address.GetLeftPart(UriPartial.Authority));
        using var allowed = await PostWithOriginAsync(client, "https://portal.example");

        await ProblemAssert.IsAsync(foreign, HttpStatusCode.Forbidden, "proxy.origin_refused");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_caller_that_hangs_up_mid_download_leaves_no_connection_behind()
    {
        using var client = fixture.CreateClient(ProxyFixture.Mentor);
        var response = await client.GetAsync("/s/s1/hang-body", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("first", await ReadAtLeastAsync(stream, 5));
        Assert.Equal(1, fixture.Proxy.Registry.CountFor(ProxyFixture.Session, ProxyFixture.Mentor));

        response.Dispose();

        await Eventually.TrueAsync(() => fixture.Proxy.Registry.CountFor(ProxyFixture.Session, ProxyFixture.Mentor) == 0, TimeSpan.FromSeconds(20)); // a deadline for a broken proxy only: generous for a loaded machine
    }

    [Fact]
    public async Task CloseFor_aborts_an_http_response_in_flight()
    {
        const string owner = "carol";
        await using var proxy = await ProxyServer.StartAsync(new AllowListResolver().Allow("s1", fixture.Notebook.Address, EchoingNotebookServer.Token, owner));
        using var client = new HttpClient { BaseAddress = proxy.Address };
        client.DefaultRequestHeaders.Add(AllowListResolver.UserHeader, owner);
        using var response = await client.GetAsync("/s/s1/hang-body", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("first", await ReadAtLeastAsync(stream, 5));

        var closed = proxy.Connections.CloseFor("s1", owner);
        var clock = Stopwatch.StartNew();

        Assert.Equal(1, closed);
        await Assert.ThrowsAnyAsync<IOException>(async () => await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_notebook_that_stalls_mid_body_for_the_activity_timeout_is_cut()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync("/s/s1/hang-body", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("first", await ReadAtLeastAsync(stream, 5));
        var clock = Stopwatch.StartNew();

        // Cut, not ended: a clean end would pass the truncated body off as whole.
        await Assert.ThrowsAnyAsync<IOException>(async () => await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(ProxyFixture.HeadersTimeout * 3));

        Assert.InRange(clock.Elapsed, ProxyFixture.HeadersTimeout - TimeSpan.FromMilliseconds(500), ProxyFixture.HeadersTimeout * 2.5);
    }

    [Fact]
    public async Task CloseAllFor_aborts_every_request_of_that_caller_in_every_session_and_no_one_elses()
    {
        const string owner = "erin";
        const string other = "frank";
        await using var proxy = await ProxyServer.StartAsync(new AllowListResolver()
            .Allow("a", fixture.Notebook.Address, EchoingNotebookServer.Token, owner, other)
            .Allow("b", fixture.Notebook.Address, EchoingNotebookServer.Token, owner));
        using var client = new HttpClient { BaseAddress = proxy.Address };
        var inA = await StartHangingDownloadAsync(client, "/s/a/hang-body", owner);
        var inB = await StartHangingDownloadAsync(client, "/s/b/hang-body", owner);
        var others = await StartHangingDownloadAsync(client, "/s/a/hang-body", other);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(AllowListResolver.UserHeader, owner);
        await socket.ConnectAsync(new Uri($"ws://{proxy.Address.Authority}/s/b/ws/echo"), default);

        var closed = proxy.Connections.CloseAllFor(owner);

        Assert.Equal(3, closed);
        await Assert.ThrowsAnyAsync<IOException>(async () => await inA.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAnyAsync<IOException>(async () => await inB.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveAsync(new byte[16].AsMemory(), default).AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(1, proxy.Registry.CountFor("a", other));
        Assert.Equal(0, proxy.Connections.CloseAllFor("nobody"));
        others.Dispose();
    }

    private static async Task<Stream> StartHangingDownloadAsync(HttpClient client, string path, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(AllowListResolver.UserHeader, user);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("first", await ReadAtLeastAsync(stream, 5));
        return stream;
    }

    private static (string Head, string Body) SplitResponse(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..(end + 2)];
        var body = response[(end + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            var unchunked = new StringBuilder();
            while (true)
            {
                var lineEnd = body.IndexOf("\r\n", StringComparison.Ordinal);
                var size = Convert.ToInt32(body[..lineEnd], 16);
                if (size == 0)
                {
                    break;
                }

                unchunked.Append(body, lineEnd + 2, size);
                body = body[(lineEnd + 2 + size + 2)..];
            }

            body = unchunked.ToString();
        }

        return (head, body);
    }

    private static async Task<HttpResponseMessage> PostWithOriginAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/s/s1/echo/api/sessions") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        return await client.SendAsync(request);
    }

    private static async Task<string> ReadAtLeastAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        return Encoding.UTF8.GetString(buffer);
    }
}
