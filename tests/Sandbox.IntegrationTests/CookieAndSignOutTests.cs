using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>The portal's cookie sign-in with anti-forgery, and sign-out (and role changes) ending every token at once.</summary>
public sealed class CookieAndSignOutTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Password = "member-password-1";

    [Fact]
    public async Task A_cookie_signed_in_caller_needs_the_antiforgery_token_for_unsafe_requests_and_bearer_callers_do_not()
    {
        var (email, _) = await CreateMemberAsync("cookie");
        using var browser = NewCookieClient();

        // 1. Sign in: an HttpOnly, SameSite=Strict cookie; safe requests work with it.
        var signIn = await browser.PostAsJsonAsync("/api/v1/auth/signin", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sandbox.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/sessions")).StatusCode);

        // 2. An unsafe request without the token is refused and changes nothing.
        await ProblemAssert.HasReasonAsync(
            await browser.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" }), HttpStatusCode.BadRequest, "auth.antiforgery");
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = JsonContent.Create(new { profile = "python", size = "small" }) };
        forged.Headers.Add("X-CSRF-TOKEN", "not-a-token");
        await ProblemAssert.HasReasonAsync(await browser.SendAsync(forged), HttpStatusCode.BadRequest, "auth.antiforgery");
        Assert.Equal(0, (await browser.GetFromJsonAsync<JsonElement>("/api/v1/sessions")).GetArrayLength());

        // 3. With the token from /auth/antiforgery it goes through (the request is judged on its merits: an unknown size).
        var antiforgery = await browser.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery");
        Assert.Equal("X-CSRF-TOKEN", antiforgery.GetProperty("headerName").GetString());
        using var withToken = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = JsonContent.Create(new { profile = "python", size = "no-such-size" }) };
        withToken.Headers.Add("X-CSRF-TOKEN", antiforgery.GetProperty("token").GetString());
        var judged = await browser.SendAsync(withToken);
        Assert.NotEqual("auth.antiforgery", (await judged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, judged.StatusCode);

        // 4. A bearer caller never needs it.
        using var api = await SandboxApi.SignInAsync(sandbox.Orchestrator.BaseAddress, email, Password);
        var bearer = await api.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "no-such-size" });
        Assert.NotEqual("auth.antiforgery", (await bearer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Signing_out_ends_the_cookie_and_every_bearer_token_of_the_member_at_once()
    {
        var (email, memberId) = await CreateMemberAsync("signout");
        using var browser = NewCookieClient(out var cookies);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/v1/auth/signin", new { email, password = Password })).StatusCode);
        var cookie = cookies.GetCookies(sandbox.Orchestrator.BaseAddress)["sandbox.auth"]!.Value;
        using var script = await SandboxApi.SignInAsync(sandbox.Orchestrator.BaseAddress, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await script.Http.GetAsync("/api/v1/sessions")).StatusCode);

        // Sign out from the portal (cookie + anti-forgery token).
        var antiforgery = await browser.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery");
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/signout");
        signOut.Headers.Add("X-CSRF-TOKEN", antiforgery.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(signOut)).StatusCode);

        // The old cookie, replayed as a thief would, and the script's token are both refused now.
        using var replay = new HttpClient { BaseAddress = sandbox.Orchestrator.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", $"sandbox.auth={cookie}");
        await ProblemAssert.HasReasonAsync(await replay.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
        await ProblemAssert.HasReasonAsync(await script.Http.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
        await ProblemAssert.HasReasonAsync(await script.Http.GetAsync("/s/any-session/api/status"), HttpStatusCode.Unauthorized, "auth.unauthenticated");

        // Signing in again works, and the sign-out is in the audit log.
        using var again = await SandboxApi.SignInAsync(sandbox.Orchestrator.BaseAddress, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("/api/v1/sessions")).StatusCode);
        var audit = await sandbox.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=auth.sign_out");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("actor").GetString() == memberId);
    }

    [Fact]
    public async Task Taking_a_role_away_ends_the_tokens_that_carried_it()
    {
        var (email, id) = await CreateMemberAsync("billing-clerk", "billing");
        using var clerk = await SandboxApi.SignInAsync(sandbox.Orchestrator.BaseAddress, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await clerk.Http.GetAsync("/api/v1/audit")).StatusCode);

        var patch = await sandbox.Admin.Http.PatchAsJsonAsync($"/api/v1/members/{id}", new { roles = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        await ProblemAssert.HasReasonAsync(await clerk.Http.GetAsync("/api/v1/audit"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
        using var again = await SandboxApi.SignInAsync(sandbox.Orchestrator.BaseAddress, email, Password);
        await ProblemAssert.HasReasonAsync(await again.Http.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    private HttpClient NewCookieClient() => NewCookieClient(out _);

    private HttpClient NewCookieClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = sandbox.Orchestrator.BaseAddress };
    }

    private async Task<(string Email, string Id)> CreateMemberAsync(string name, params string[] roles)
    {
        var email = $"{name}-{Guid.NewGuid():N}@sandbox.test";
        var response = await sandbox.Admin.Http.PostAsJsonAsync("/api/v1/members", new { email, password = Password, displayName = name, tier = "member", roles });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (email, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }
}
