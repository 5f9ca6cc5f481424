using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Playwright;
using Sandbox.IntegrationTests.Browser;
using Sandbox.IntegrationTests.Portal;
using Sandbox.Testing;
using static Microsoft.Playwright.Assertions;

namespace Sandbox.IntegrationTests.Https;

/// <summary>
/// Behind a TLS-terminating nginx: a person signs in on the portal over HTTPS, the portal's hub and a notebook's kernel
/// work over wss, every cookie is a Secure __Host- one, the portal sends HSTS, and forwarded headers are believed from
/// nginx only.
/// </summary>
public sealed class TlsProxyTests(TlsProxyFixture fixture) : IClassFixture<TlsProxyFixture>
{
    private const string Password = "member-password-1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private async Task<(string Email, SandboxApi Api)> CreateMemberAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@sandbox.test";
        var response = await fixture.Admin.Http.PostAsJsonAsync("/api/v1/members", new { email, password = Password, displayName = name, tier = "member", roles = Array.Empty<string>() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (email, await SandboxApi.SignInAsync(fixture.Orchestrator.BaseAddress, email, Password));
    }

    [Fact]
    public async Task Over_https_a_person_signs_in_with_host_prefixed_cookies_hears_the_hub_opens_a_notebook_at_its_own_origin_and_runs_a_cell_over_wss()
    {
        var (email, analyst) = await CreateMemberAsync("tls-analyst");
        using var _a = analyst;
        var portal = fixture.PortalOrigin;
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // The portal's own WebSocket traffic, as the browser sees it: every frame any of the page's sockets receives.
        var frames = Channel.CreateUnbounded<string>();
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => frames.Writer.TryWrite(frame.Text ?? "");

        // 1. Sign in over HTTPS: the portal's cookie is __Host- prefixed, Secure, HttpOnly, Strict; no plain-named one exists.
        //    The portal's hub connects on its own once signed in: its WebSocket is caught as the browser opens it.
        await page.GotoAsync(portal.AbsoluteUri);
        var hub = await page.RunAndWaitForWebSocketAsync(
            () => PortalBrowserTests.SignInAsync(page, email),
            new() { Predicate = socket => socket.Url.Contains("/hubs/sessions", StringComparison.Ordinal), Timeout = 60_000 });
        var portalCookies = await context.CookiesAsync(portal.AbsoluteUri);
        var auth = Assert.Single(portalCookies, c => c.Name == "__Host-sandbox.auth");
        Assert.True(auth.Secure && auth.HttpOnly, $"{auth.Name}: Secure {auth.Secure}, HttpOnly {auth.HttpOnly}");
        Assert.Equal(SameSiteAttribute.Strict, auth.SameSite);
        Assert.Equal(TlsProxyFixture.PortalHost, auth.Domain);
        Assert.DoesNotContain(portalCookies, c => c.Name.StartsWith("sandbox.", StringComparison.Ordinal));

        // 2. The portal's hub connects over wss through nginx (its Origin checked against the forwarded scheme and host).
        Assert.StartsWith($"wss://{TlsProxyFixture.PortalHost}:{fixture.HttpsPort}/hubs/sessions", hub.Url, StringComparison.Ordinal);

        // 3. A launch: the hub tells the portal page as it happens, and the card shows it running.
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var update = await NextAsync(frames, f => f.Contains("\"sessionUpdated\"", StringComparison.Ordinal) && f.Contains(id, StringComparison.Ordinal), "sessionUpdated over the hub");
        Assert.Contains("\"type\":1", update, StringComparison.Ordinal);
        await Expect(page.Locator($"li[data-session='{id}'][data-state=running]")).ToBeVisibleAsync(new() { Timeout = (float)StartTimeout.TotalMilliseconds });
        var session = await analyst.GetSessionAsync(id);
        var notebookOrigin = new Uri($"https://{id}.{TlsProxyFixture.NotebookHost}:{fixture.HttpsPort}");
        Assert.Equal(notebookOrigin.AbsoluteUri, session.GetProperty("notebookUrl").GetString());

        // 4. Open it through /open/{id}, as the card's button does, in the signed-in tab (the portal keeps who is signed in
        //    per tab): the hand-off goes to the notebook's own HTTPS origin, which lands in Jupyter.
        var notebook = page;
        var landed = await NotebookHandOff.OpenAsync(notebook, new Uri(portal, $"/open/{id}"), $"{notebookOrigin.GetLeftPart(UriPartial.Authority)}/s/{id}/", TimeSpan.FromSeconds(60));
        Assert.DoesNotContain("_sandbox/handoff", landed, StringComparison.Ordinal);
        var notebookCookie = Assert.Single(await context.CookiesAsync(notebookOrigin.AbsoluteUri), c => c.Name.Contains("sandbox", StringComparison.Ordinal));
        Assert.Equal("__Host-sandbox.nb", notebookCookie.Name);
        Assert.True(notebookCookie.Secure && notebookCookie.HttpOnly, $"{notebookCookie.Name}: Secure {notebookCookie.Secure}, HttpOnly {notebookCookie.HttpOnly}");
        Assert.Equal(SameSiteAttribute.Lax, notebookCookie.SameSite);
        Assert.Equal(notebookOrigin.Host, notebookCookie.Domain);

        // The hand-off needed the anti-forgery token: its cookie is __Host- prefixed and Secure too.
        var antiforgery = Assert.Single(await context.CookiesAsync(portal.AbsoluteUri), c => c.Name == "__Host-sandbox.csrf");
        Assert.True(antiforgery.Secure, $"{antiforgery.Name}: Secure {antiforgery.Secure}");

        // 5. From the notebook's page, Jupyter's own kernels API and a kernel WebSocket over wss: a cell runs.
        var output = await notebook.EvaluateAsync<string>(KernelScript(id)).WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal("42", output?.Trim());

        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await analyst.WaitForStateAsync(id, StartTimeout, "stopped");
    }

    [Fact]
    public async Task The_portal_sends_hsts_over_https_and_forwarded_headers_are_believed_from_nginx_only()
    {
        var (email, analyst) = await CreateMemberAsync("tls-spoofer");
        using var _a = analyst;
        using var https = fixture.HttpsClient();

        // 1. Through nginx: HSTS on the portal, even when the client claims plain HTTP (nginx sets the header itself), and a
        //    sign-in cookie under its __Host- name, Secure.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.Add("X-Forwarded-Proto", "http");
            using var home = await https.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Equal("max-age=15552000", Assert.Single(home.Headers.GetValues("Strict-Transport-Security")));
        }

        using (var signIn = await https.PostAsJsonAsync("/api/v1/auth/signin", new { email, password = Password }))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("__Host-sandbox.auth=", cookie, StringComparison.Ordinal);
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        }

        // 2. Straight to the orchestrator from another address than nginx's, claiming to be nginx: not believed. No HSTS, the
        //    plain cookie name without Secure, and notebook origins are still answered as plain HTTP.
        using var direct = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = fixture.Orchestrator.BaseAddress };
        using (var spoofed = Spoofed(HttpMethod.Post, "/api/v1/auth/signin"))
        {
            spoofed.Content = JsonContent.Create(new { email, password = Password });
            using var answer = await direct.SendAsync(spoofed);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.False(answer.Headers.Contains("Strict-Transport-Security"));
            var cookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("sandbox.auth=", cookie, StringComparison.Ordinal);
            Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        }

        // A notebook origin asked directly, claiming X-Forwarded-Host evil.example: had that been believed, the request would
        // no longer be for a notebook origin; it is, and sends the person to the configured portal.
        const string someSession = "abcdefghijklmnop";
        using (var spoofed = Spoofed(HttpMethod.Get, $"/s/{someSession}/tree", $"{someSession}.{TlsProxyFixture.NotebookHost}:{fixture.HttpsPort}", forwardedHost: "evil.example"))
        {
            spoofed.Headers.Add("Sec-Fetch-Mode", "navigate");
            using var answer = await direct.SendAsync(spoofed);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.False(answer.Headers.Contains("Strict-Transport-Security"));
            Assert.StartsWith($"{fixture.PortalOrigin.GetLeftPart(UriPartial.Authority)}/open/{someSession}", answer.Headers.Location?.AbsoluteUri, StringComparison.Ordinal);
        }
    }

    /// <summary>A request straight to the orchestrator that claims, as nginx would, to be HTTPS for the portal's host (or <paramref name="host"/>).</summary>
    private HttpRequestMessage Spoofed(HttpMethod method, string path, string? host = null, string? forwardedHost = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host ?? $"{TlsProxyFixture.PortalHost}:{fixture.HttpsPort}";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", forwardedHost ?? request.Headers.Host);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        return request;
    }

    /// <summary>The next item of <paramref name="channel"/> that matches, within 60 seconds.</summary>
    private static async Task<string> NextAsync(Channel<string> channel, Func<string, bool> matches, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(timeout.Token))
            {
                if (matches(item))
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"Waited 60s for {what}.");
    }

    /// <summary>
    /// What a notebook page does to run a cell: create a kernel with Jupyter's API (the _xsrf cookie echoed in X-XSRFToken),
    /// open its channels over wss on the page's own origin, send an execute_request and collect the printed output.
    /// </summary>
    private static string KernelScript(string sessionId) => $$"""
        (async () => {
          const base = '/s/{{sessionId}}/';
          const xsrf = (document.cookie.split('; ').find(c => c.startsWith('_xsrf=')) || '').slice(6);
          const created = await fetch(base + 'api/kernels', {
            method: 'POST', credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', 'X-XSRFToken': decodeURIComponent(xsrf) },
            body: JSON.stringify({ name: 'python3' }) });
          if (created.status !== 201) throw new Error('POST api/kernels: ' + created.status + ' ' + await created.text());
          const kernel = await created.json();
          const session = crypto.randomUUID();
          const socket = new WebSocket('wss://' + location.host + base + 'api/kernels/' + kernel.id + '/channels?session_id=' + session);
          const msgId = crypto.randomUUID();
          return await new Promise((resolve, reject) => {
            let output = '';
            let replied = false;
            let idle = false;
            socket.onerror = () => reject(new Error('kernel WebSocket error'));
            socket.onclose = e => reject(new Error('kernel WebSocket closed: ' + e.code));
            socket.onopen = () => socket.send(JSON.stringify({
              header: { msg_id: msgId, username: 'test', session, msg_type: 'execute_request', version: '5.3', date: new Date().toISOString() },
              parent_header: {}, metadata: {}, channel: 'shell', buffers: [],
              content: { code: 'print(6 * 7)', silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true } }));
            socket.onmessage = event => {
              const message = JSON.parse(event.data);
              if (!message.parent_header || message.parent_header.msg_id !== msgId) return;
              const type = message.header.msg_type;
              if (type === 'stream') output += message.content.text;
              if (type === 'error') { reject(new Error(message.content.ename + ': ' + message.content.evalue)); return; }
              if (type === 'execute_reply') replied = true;
              if (type === 'status' && message.content.execution_state === 'idle') idle = true;
              if (replied && idle) { socket.onclose = null; socket.close(); resolve(output); }
            };
          });
        })()
        """;
}
