using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.NotebookOrigins;

/// <summary>
/// Notebooks at origins of their own, through the real orchestrator, engine and notebook image: the one-time hand-off,
/// the notebook cookie and what ends it, and what a notebook origin and the portal's origin refuse.
/// </summary>
public sealed class NotebookOriginTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private Uri Orchestrator => fixture.Orchestrator.BaseAddress;

    private static async Task<string> RunningSessionAsync(SandboxApi owner)
    {
        var id = (await owner.LaunchAsync()).GetProperty("id").GetString()!;
        await owner.WaitForStateAsync(id, StartTimeout, "running");
        return id;
    }

    private static async Task<string> HandoffUrlAsync(SandboxApi api, string sessionId, string? next = null)
    {
        using var response = await NotebookOriginClient.RequestHandoffAsync(api, sessionId, next);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    [Fact]
    public async Task The_owner_reaches_the_notebook_at_its_own_origin_through_a_one_time_code_and_nowhere_else()
    {
        var (owner, _) = await fixture.Admin.CreateMemberAsync("origin-owner");
        using var _o = owner;
        var id = await RunningSessionAsync(owner);
        using var origin = new NotebookOriginClient(Orchestrator, id);

        // 1. The session's notebook URL is the root of its own origin; the hand-off URL is there too.
        var session = await owner.GetSessionAsync(id);
        Assert.Equal($"http://{origin.Host}/", session.GetProperty("notebookUrl").GetString());
        var url = await HandoffUrlAsync(owner, id, $"/s/{id}/tree?from=portal");
        Assert.StartsWith($"http://{origin.Host}/_sandbox/handoff?code=", url, StringComparison.Ordinal);

        // 2. Redeemed once: a host-only, HttpOnly, Lax cookie, and a redirect into the notebook where it asked to land.
        using (var redeemed = await origin.RedeemAsync(url))
        {
            Assert.Equal(HttpStatusCode.SeeOther, redeemed.StatusCode);
            Assert.Equal($"/s/{id}/tree?from=portal", redeemed.Headers.Location?.OriginalString);
            var setCookie = Assert.Single(redeemed.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("sandbox.nb=", setCookie, StringComparison.Ordinal);
            Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
        }

        using (var status = await origin.GetNotebookAsync("api/status"))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        // 2b. What the notebook's pages may do in a browser: framed by the portal only, no CORS grant (Jupyter itself sends
        //     an empty Access-Control-Allow-Origin), its own host-only cookies (_xsrf) kept.
        using (var tree = await origin.GetNotebookAsync("tree"))
        {
            Assert.Equal(HttpStatusCode.OK, tree.StatusCode);
            var policies = tree.Headers.GetValues("Content-Security-Policy").ToList();
            Assert.Contains(policies, p => p.Contains($"frame-ancestors 'self' {Orchestrator.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal));
            Assert.DoesNotContain(tree.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(tree.Headers.GetValues("Set-Cookie"), c => c.StartsWith("_xsrf=", StringComparison.Ordinal));
            Assert.DoesNotContain(tree.Headers.GetValues("Set-Cookie"), c => c.Contains("domain=", StringComparison.OrdinalIgnoreCase));
        }

        // 2c. The same notebook through /s/{id}/ on the portal's origin, for scripts: no cookie planted there, nothing that
        //     could render as a page of the portal's origin, and no page for a browser's navigation at all.
        using (var script = await owner.Http.GetAsync($"/s/{id}/tree"))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.False(script.Headers.Contains("Set-Cookie"), "no cookie from a notebook on the portal's origin");
            Assert.Contains(script.Headers.GetValues("Content-Security-Policy"), p => p.StartsWith("sandbox", StringComparison.Ordinal));
        }

        using (var navigation = new HttpRequestMessage(HttpMethod.Get, $"/s/{id}/tree"))
        {
            navigation.Headers.Add("Sec-Fetch-Mode", "navigate");
            navigation.Headers.Add("Sec-Fetch-Dest", "document");
            await ProblemAssert.HasReasonAsync(await owner.Http.SendAsync(navigation), HttpStatusCode.Forbidden, "proxy.browser_refused");
        }

        // 3. The same code again, or a made-up one: refused, and no cookie.
        using var replay = new NotebookOriginClient(Orchestrator, id);
        await ProblemAssert.HasReasonAsync(await replay.RedeemAsync(url), HttpStatusCode.Forbidden, "notebook.handoff_refused");
        await ProblemAssert.HasReasonAsync(await replay.RedeemAsync($"http://{origin.Host}/_sandbox/handoff?code=forged-code-123"), HttpStatusCode.Forbidden, "notebook.handoff_refused");
        Assert.Null(replay.Cookie);

        // 4. The notebook cookie means nothing on the portal's origin, where scripts need a bearer token.
        using (var portalRequest = new HttpRequestMessage(HttpMethod.Get, $"/s/{id}/api/status"))
        using (var anonymous = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = Orchestrator })
        {
            portalRequest.Headers.Add("Cookie", origin.Cookie);
            await ProblemAssert.HasReasonAsync(await anonymous.SendAsync(portalRequest), HttpStatusCode.Unauthorized, "auth.unauthenticated");
        }

        // 5. A notebook origin serves nothing but its notebook: not the API, not the hub, not the portal.
        foreach (var path in new[] { "/api/v1/me", "/hubs/sessions/negotiate?negotiateVersion=1", "/index.html", $"/s/{id}x/api/status" })
        {
            await ProblemAssert.HasReasonAsync(await origin.SendAsync(HttpMethod.Get, path), HttpStatusCode.NotFound, "notebook.not_found");
        }

        using (var root = await origin.SendAsync(HttpMethod.Get, "/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
            Assert.Equal($"/s/{id}/", root.Headers.Location?.OriginalString);
        }

        (await owner.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Without_a_valid_cookie_for_this_origin_a_person_is_sent_to_the_portal_and_a_script_learns_nothing()
    {
        var (owner, _) = await fixture.Admin.CreateMemberAsync("origin-owner-2");
        using var _o = owner;
        var first = await RunningSessionAsync(owner);
        var second = await RunningSessionAsync(owner);
        using var firstOrigin = new NotebookOriginClient(Orchestrator, first);
        await firstOrigin.SignInAsync(owner);

        // 1. A person without a cookie is sent to the portal, which asks for a code and comes back where they were.
        using var bare = new NotebookOriginClient(Orchestrator, second);
        using (var navigation = await bare.SendAsync(HttpMethod.Get, $"/s/{second}/notebooks/a.ipynb", configure: r => r.Headers.Add("Sec-Fetch-Mode", "navigate")))
        {
            Assert.Equal(HttpStatusCode.Redirect, navigation.StatusCode);
            Assert.Equal($"{Orchestrator.GetLeftPart(UriPartial.Authority)}/open/{second}?next=%2Fs%2F{second}%2Fnotebooks%2Fa.ipynb",
                navigation.Headers.Location?.AbsoluteUri);
        }

        // 2. The first session's cookie at the second's origin, no cookie, and a session that does not exist: the same 404.
        using var crossed = new NotebookOriginClient(Orchestrator, second) { Cookie = firstOrigin.Cookie };
        using var unknown = new NotebookOriginClient(Orchestrator, "zzzzzzzzzzzzzzzz") { Cookie = firstOrigin.Cookie };
        var answers = new List<string>();
        foreach (var client in new[] { crossed, bare, unknown })
        {
            var problem = await ProblemAssert.HasReasonAsync(await client.GetNotebookAsync("api/status"), HttpStatusCode.NotFound, "notebook.not_found");
            answers.Add(problem.GetProperty("detail").GetString()!);
        }

        Assert.Single(answers.Distinct());
        using (var own = await firstOrigin.GetNotebookAsync("api/status"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // 3. A code for one session is spent, not honoured, at another's origin.
        var url = await HandoffUrlAsync(owner, first);
        await ProblemAssert.HasReasonAsync(
            await bare.RedeemAsync(url.Replace($"{first}.", $"{second}.", StringComparison.Ordinal)), HttpStatusCode.Forbidden, "notebook.handoff_refused");
        using var late = new NotebookOriginClient(Orchestrator, first);
        await ProblemAssert.HasReasonAsync(await late.RedeemAsync(url), HttpStatusCode.Forbidden, "notebook.handoff_refused");
    }

    [Fact]
    public async Task A_notebook_cookie_and_its_open_kernel_sockets_end_with_a_revoked_share_a_removed_role_and_a_sign_out()
    {
        var (owner, _) = await fixture.Admin.CreateMemberAsync("origin-owner-3");
        var (mentor, mentorId) = await fixture.Admin.CreateMemberAsync("origin-mentor", "member", "mentor");
        var (second, secondId) = await fixture.Admin.CreateMemberAsync("origin-mentor-2", "member", "mentor");
        using var _o = owner;
        using var _m = mentor;
        using var _s = second;
        var id = await RunningSessionAsync(owner);
        using var mentorOrigin = new NotebookOriginClient(Orchestrator, id);
        using var secondOrigin = new NotebookOriginClient(Orchestrator, id);
        using var ownerOrigin = new NotebookOriginClient(Orchestrator, id);

        // 1. Not shared: no code for the mentor. Shared: a code and the notebook.
        await ProblemAssert.HasReasonAsync(await NotebookOriginClient.RequestHandoffAsync(mentor, id), HttpStatusCode.NotFound, "session.not_found");
        foreach (var member in new[] { mentorId, secondId })
        {
            (await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member, minutes = 30 })).EnsureSuccessStatusCode();
        }

        await mentorOrigin.SignInAsync(mentor);
        await secondOrigin.SignInAsync(second);
        await ownerOrigin.SignInAsync(owner);
        var kernels = new Dictionary<NotebookOriginClient, JupyterKernel>();
        foreach (var client in new[] { mentorOrigin, secondOrigin, ownerOrigin })
        {
            using var status = await client.GetNotebookAsync("api/status");
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            kernels[client] = await JupyterKernel.StartAtOriginAsync(client);
            var (output, error) = await kernels[client].ExecuteAsync("print(6 * 7)", TimeSpan.FromSeconds(60));
            Assert.Null(error);
            Assert.Equal("42\n", output);
        }

        try
        {
            // 2. The share revoked: the mentor's kernel socket closes within a second, the cookie stops at the next request,
            //    and no new code is given.
            Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/v1/sessions/{id}/shares/{mentorId}")).StatusCode);
            await kernels[mentorOrigin].WaitForCloseAsync(TimeSpan.FromSeconds(1));
            await ProblemAssert.HasReasonAsync(await mentorOrigin.GetNotebookAsync("api/status"), HttpStatusCode.NotFound, "proxy.session_not_found");
            await ProblemAssert.HasReasonAsync(await NotebookOriginClient.RequestHandoffAsync(mentor, id), HttpStatusCode.NotFound, "session.not_found");
            Assert.Equal(WebSocketState.Open, kernels[ownerOrigin].State);

            // 3. The second mentor loses the mentor role: their socket closes and their cookie is dead at once (the role
            //    change renews their stamp).
            (await fixture.Admin.Http.PatchAsJsonAsync($"/api/v1/members/{secondId}", new { roles = Array.Empty<string>() })).EnsureSuccessStatusCode();
            await kernels[secondOrigin].WaitForCloseAsync(TimeSpan.FromSeconds(1));
            await ProblemAssert.HasReasonAsync(await secondOrigin.GetNotebookAsync("api/status"), HttpStatusCode.NotFound, "notebook.not_found");
            Assert.Equal(WebSocketState.Open, kernels[ownerOrigin].State);

            // 4. The owner signs out (with their script's token): their socket closes and every notebook cookie of theirs ends.
            Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.PostAsync("/api/v1/auth/signout", null)).StatusCode);
            await kernels[ownerOrigin].WaitForCloseAsync(TimeSpan.FromSeconds(1));
            await ProblemAssert.HasReasonAsync(await ownerOrigin.GetNotebookAsync("api/status"), HttpStatusCode.NotFound, "notebook.not_found");
        }
        finally
        {
            foreach (var kernel in kernels.Values)
            {
                await kernel.DisposeAsync();
            }
        }

    }

    [Fact]
    public async Task The_api_the_hub_and_the_portal_refuse_requests_from_a_notebook_origin()
    {
        var notebookOrigin = $"http://abcdefghijklmnop.nb.localhost:{fixture.Orchestrator.Port}";
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/v1/me"), (HttpMethod.Post, "/api/v1/members"), (HttpMethod.Post, "/hubs/sessions/negotiate?negotiateVersion=1"), (HttpMethod.Get, "/") })
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Origin", notebookOrigin);
            await ProblemAssert.HasReasonAsync(await fixture.Admin.Http.SendAsync(request), HttpStatusCode.Forbidden, "origin.notebook_refused");
        }

        // The portal's own origin is served as before.
        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        own.Headers.Add("Origin", Orchestrator.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.Http.SendAsync(own)).StatusCode);
    }
}
