using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>
/// The portal's cookie sign-in and anti-forgery protection as a real browser (Chromium) applies them: HttpOnly,
/// SameSite=Strict, the anti-forgery header on unsafe requests, a page of another site, and sign-out.
/// </summary>
public sealed class CookieSignInBrowserTests(SandboxFixture sandbox, ChromiumFixture chromium)
    : IClassFixture<SandboxFixture>, IClassFixture<ChromiumFixture>
{
    private const string Password = "member-password-1";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    private Uri Orchestrator => sandbox.Orchestrator.BaseAddress;

    [Fact]
    public async Task Signing_in_from_a_page_sets_a_cookie_the_page_cannot_read_and_other_sites_do_not_get()
    {
        var email = await CreateAnalystAsync("browser-signin");
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(Orchestrator, "/healthz").AbsoluteUri);
        var signIn = await page.FetchAsync("POST", "/api/v1/auth/signin", new { email, password = Password });
        Assert.True(signIn.Status == 200, $"Sign-in from the page: {signIn}\n{sandbox.Orchestrator.Tail()}");
        Assert.Equal(email, signIn.Json().GetProperty("email").GetString());

        // Scripts cannot read it (HttpOnly)...
        var documentCookie = await page.EvaluateAsync<string>("document.cookie");
        Assert.DoesNotContain("sandbox.auth", documentCookie, StringComparison.Ordinal);

        // ...but the browser holds it, and sends it only to its own site (SameSite=Strict).
        var cookie = Assert.Single(await context.CookiesAsync(Orchestrator.AbsoluteUri), c => c.Name == "sandbox.auth");
        Assert.True(cookie.HttpOnly, $"sandbox.auth is readable by scripts: {cookie.Name} on {cookie.Domain}");
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("127.0.0.1", cookie.Domain);
        Assert.False(string.IsNullOrEmpty(cookie.Value));

        // The page's own requests are signed in by it.
        var sessions = await page.FetchAsync("GET", "/api/v1/sessions");
        Assert.True(sessions.Status == 200, $"GET /api/v1/sessions with the cookie: {sessions}");
    }

    [Fact]
    public async Task An_unsafe_request_from_the_page_needs_the_antiforgery_header_to_launch_and_stop_a_notebook()
    {
        var email = await CreateAnalystAsync("browser-csrf");
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await SignedInPageAsync(context, email);

        // 1. Without the header: refused, and nothing is launched.
        var refused = await page.FetchAsync("POST", "/api/v1/sessions", new { profile = "python", size = "small" });
        Assert.True(refused.Status == 400 && refused.Reason() == "auth.antiforgery", $"Expected 400 auth.antiforgery, got {refused}");
        var none = await page.FetchAsync("GET", "/api/v1/sessions");
        Assert.Equal(200, none.Status);
        Assert.Equal(0, none.Json().GetArrayLength());

        // 2. The token, read by the page's script; the browser also gets the anti-forgery cookie it is checked against.
        var antiforgery = await page.FetchAsync("GET", "/api/v1/auth/antiforgery");
        Assert.True(antiforgery.Status == 200, $"GET /api/v1/auth/antiforgery: {antiforgery}");
        Assert.Equal("X-CSRF-TOKEN", antiforgery.Json().GetProperty("headerName").GetString());
        var token = antiforgery.Json().GetProperty("token").GetString()!;
        Assert.Contains(await context.CookiesAsync(Orchestrator.AbsoluteUri), c => c.Name == "sandbox.csrf");

        // 3. With the header: a real notebook is launched, then stopped.
        var launched = await page.FetchAsync("POST", "/api/v1/sessions", new { profile = "python", size = "small" }, token);
        Assert.True(launched.Status == 201, $"Launch with the header: {launched}\n{sandbox.Orchestrator.Tail()}");
        var id = launched.Json().GetProperty("id").GetString()!;
        var listed = (await page.FetchAsync("GET", "/api/v1/sessions")).Json();
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());

        var stopWithoutHeader = await page.FetchAsync("DELETE", $"/api/v1/sessions/{id}");
        Assert.True(stopWithoutHeader.Status == 400 && stopWithoutHeader.Reason() == "auth.antiforgery", $"Stop without the header: {stopWithoutHeader}");
        var stopped = await page.FetchAsync("DELETE", $"/api/v1/sessions/{id}", antiforgeryToken: token);
        Assert.True(stopped.Status == 202, $"Stop with the header: {stopped}");

        using var api = await SandboxApi.SignInAsync(Orchestrator, email, Password);
        var final = await api.WaitForStateAsync(id, StopTimeout, "stopped", "failed");
        Assert.Equal("stopped", final.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_page_of_another_site_cannot_launch_a_notebook_with_the_signed_in_analysts_cookie()
    {
        var email = await CreateAnalystAsync("browser-cross-site");
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await SignedInPageAsync(context, email);

        // The attack a cookie alone would allow: a "simple" cross-site request (no preflight), cookies included if the browser sends them.
        var target = new Uri(Orchestrator, "/api/v1/sessions").AbsoluteUri;
        await using var attacker = AttackerSite.Serving($$"""
            <!doctype html>
            <title>Win a prize</title>
            <script>
              window.attack = fetch({{JsonSerializer.Serialize(target)}}, {
                method: 'POST', credentials: 'include', mode: 'no-cors',
                headers: { 'Content-Type': 'text/plain' },
                body: '{"profile":"python","size":"small"}'
              }).then(response => 'sent:' + response.type, error => 'failed:' + error);
            </script>
            """);
        Assert.NotEqual(Orchestrator.Host, attacker.Address.Host);

        await page.GotoAsync(attacker.Address.AbsoluteUri);
        Assert.Contains("GET / HTTP/1.1", attacker.Requests);
        // The request did leave the browser (an opaque answer); it is what the browser attached to it that matters.
        Assert.Equal("sent:opaque", await page.EvaluateAsync<string>("window.attack"));

        using var api = await SandboxApi.SignInAsync(Orchestrator, email, Password);
        var sessions = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/sessions");
        Assert.True(sessions.GetArrayLength() == 0, $"The other site launched a notebook: {sessions}");

        // The analyst was signed in all along: back on the portal's site the cookie still works.
        await page.GotoAsync(new Uri(Orchestrator, "/healthz").AbsoluteUri);
        var stillSignedIn = await page.FetchAsync("GET", "/api/v1/sessions");
        Assert.True(stillSignedIn.Status == 200, $"The cookie no longer works on its own site: {stillSignedIn}");
    }

    [Fact]
    public async Task Signing_out_from_the_page_ends_the_cookie_even_when_replayed_outside_the_browser()
    {
        var email = await CreateAnalystAsync("browser-signout");
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await SignedInPageAsync(context, email);
        var stolen = Assert.Single(await context.CookiesAsync(Orchestrator.AbsoluteUri), c => c.Name == "sandbox.auth").Value;

        var token = (await page.FetchAsync("GET", "/api/v1/auth/antiforgery")).Json().GetProperty("token").GetString();
        var signOut = await page.FetchAsync("POST", "/api/v1/auth/signout", antiforgeryToken: token);
        Assert.True(signOut.Status == 204, $"Sign-out from the page: {signOut}");

        // The browser dropped it, and the page is signed out.
        Assert.DoesNotContain(await context.CookiesAsync(Orchestrator.AbsoluteUri), c => c.Name == "sandbox.auth");
        var afterwards = await page.FetchAsync("GET", "/api/v1/sessions");
        Assert.True(afterwards.Status == 401 && afterwards.Reason() == "auth.unauthenticated", $"The page after sign-out: {afterwards}");

        // The old value, replayed as a thief would, is refused too.
        using var replay = new HttpClient { BaseAddress = Orchestrator };
        replay.DefaultRequestHeaders.Add("Cookie", $"sandbox.auth={stolen}");
        await ProblemAssert.HasReasonAsync(await replay.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    private async Task<IPage> SignedInPageAsync(IBrowserContext context, string email)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Orchestrator, "/healthz").AbsoluteUri);
        var signIn = await page.FetchAsync("POST", "/api/v1/auth/signin", new { email, password = Password });
        Assert.True(signIn.Status == 200, $"Sign-in from the page: {signIn}\n{sandbox.Orchestrator.Tail()}");
        return page;
    }

    private async Task<string> CreateAnalystAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@sandbox.test";
        var response = await sandbox.Admin.Http.PostAsJsonAsync("/api/v1/members", new { email, password = Password, displayName = name, tier = "member", roles = Array.Empty<string>() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return email;
    }
}
