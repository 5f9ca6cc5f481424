using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>Refused attempts leave evidence in the audit log: bad tokens, sharing what is not yours, sharing with a non-mentor.</summary>
public sealed class RefusalAuditTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task A_malformed_or_foreign_bearer_token_is_refused_and_audited_without_the_token()
    {
        using var client = new HttpClient { BaseAddress = sandbox.Orchestrator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "CfDJ8-not-a-token-from-this-orchestrator");

        await ProblemAssert.HasReasonAsync(await client.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized, "auth.unauthenticated");

        var events = await sandbox.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=auth.credentials_refused");
        var refused = Assert.Single(events.EnumerateArray(), e => e.GetProperty("detail").GetProperty("path").GetString() == "/api/v1/sessions");
        Assert.Equal("unreadable", refused.GetProperty("detail").GetProperty("reason").GetString());
        Assert.DoesNotContain("not-a-token", refused.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sharing_a_session_that_is_not_yours_or_with_a_non_mentor_is_refused_changes_nothing_and_is_audited()
    {
        var (owner, _) = await sandbox.Admin.CreateMemberAsync("owner");
        var (other, otherId) = await sandbox.Admin.CreateMemberAsync("other");
        var (_, mentorId) = await sandbox.Admin.CreateMemberAsync("mentor", "member", "mentor");
        using (owner)
        using (other)
        {
            var id = (await owner.LaunchAsync()).GetProperty("id").GetString()!;

            // 1. Another analyst tries to share the owner's session with a mentor: as if it did not exist.
            await ProblemAssert.HasReasonAsync(
                await other.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = mentorId, minutes = 30 }), HttpStatusCode.NotFound, "session.not_found");

            // 2. The owner tries to share with an analyst who is not a mentor.
            var notMentor = await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = otherId, minutes = 30 });
            Assert.Equal(HttpStatusCode.BadRequest, notMentor.StatusCode);
            Assert.Contains("share.not_a_mentor", await notMentor.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Nothing changed: no share exists.
            Assert.Equal(0, (await owner.Http.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}/shares")).GetArrayLength());

            // Both attempts are in the audit log, with who tried.
            var events = (await sandbox.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=access.refused"))
                .EnumerateArray().Where(e => e.GetProperty("subject").GetString() == id).ToList();
            Assert.Contains(events, e => e.GetProperty("actor").GetString() == otherId && e.GetProperty("detail").GetProperty("reasons")[0].GetString() == "session.not_found");
            Assert.Contains(events, e => e.GetProperty("actor").GetString() != otherId && e.GetProperty("detail").GetProperty("reasons")[0].GetString() == "share.not_a_mentor");

            (await owner.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
            await owner.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped", "failed");
        }
    }

    [Fact]
    public async Task A_request_or_kernel_websocket_from_another_site_reaches_no_notebook_and_is_audited()
    {
        var (owner, ownerId) = await sandbox.Admin.CreateMemberAsync("origin-owner");
        using (owner)
        {
            var id = (await owner.LaunchAsync()).GetProperty("id").GetString()!;
            await owner.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "running");

            // 1. An unsafe request carrying the owner's credentials from another site's page.
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/s/{id}/api/contents") { Content = JsonContent.Create(new { type = "notebook" }) };
            post.Headers.Add("Origin", "https://evil.example");
            await ProblemAssert.HasReasonAsync(await owner.Http.SendAsync(post), HttpStatusCode.Forbidden, "proxy.origin_refused");

            // 2. A kernel WebSocket handshake from that site.
            using var socket = new System.Net.WebSockets.ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", $"Bearer {owner.Token}");
            socket.Options.SetRequestHeader("Origin", "https://evil.example");
            socket.Options.CollectHttpResponseDetails = true;
            var wsUri = new UriBuilder(sandbox.Orchestrator.BaseAddress) { Scheme = "ws", Path = $"/s/{id}/api/kernels/no-kernel/channels" }.Uri;
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(wsUri, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);

            // Nothing was created in the notebook, and the refusal is in the audit log with the origin.
            var contents = await owner.Http.GetFromJsonAsync<JsonElement>($"/s/{id}/api/contents");
            Assert.DoesNotContain(contents.GetProperty("content").EnumerateArray(), c => c.GetProperty("type").GetString() == "notebook");
            var events = await sandbox.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=access.refused");
            Assert.Contains(events.EnumerateArray(), e => e.GetProperty("subject").GetString() == id
                && e.GetProperty("actor").GetString() == ownerId
                && e.GetProperty("detail").GetProperty("origin").GetString() == "https://evil.example");

            (await owner.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
            await owner.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
        }
    }
}
