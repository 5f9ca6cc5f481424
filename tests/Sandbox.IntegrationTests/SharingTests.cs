using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>Owners invite mentors into a running notebook for a while; revoking closes the mentor's kernel connection at once.</summary>
public sealed class SharingTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task A_mentor_uses_a_shared_notebook_until_the_owner_revokes_and_is_cut_off_within_a_second()
    {
        var (owner, _) = await fixture.Admin.CreateMemberAsync("owner");
        var (mentor, mentorId) = await fixture.Admin.CreateMemberAsync("mentor", "member", "mentor");
        var (stranger, strangerId) = await fixture.Admin.CreateMemberAsync("stranger");
        using var _o = owner;
        using var _m = mentor;
        using var _s = stranger;
        var id = (await owner.LaunchAsync()).GetProperty("id").GetString()!;
        await owner.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running");

        // 1. Refusals: not a mentor, nobody, not the owner. Nothing is shared by them.
        await ProblemAssert.HasReasonAsync(await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = strangerId }), HttpStatusCode.BadRequest, "share.not_a_mentor");
        await ProblemAssert.HasReasonAsync(await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = "nobody" }), HttpStatusCode.BadRequest, "share.unknown_member");
        await ProblemAssert.HasReasonAsync(await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = mentorId, minutes = 0 }), HttpStatusCode.BadRequest, "share.invalid_minutes");
        await ProblemAssert.HasReasonAsync(await stranger.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = mentorId }), HttpStatusCode.NotFound, "session.not_found");
        Assert.Equal(HttpStatusCode.NotFound, (await mentor.Http.GetAsync($"/s/{id}/api/status")).StatusCode);

        // 2. Shared: the mentor lists it, reaches Jupyter and runs a cell; the stranger still cannot see it; the mentor cannot stop it.
        var shared = await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = mentorId, minutes = 30 });
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        var share = await shared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(share.GetProperty("expiresAt").GetDateTimeOffset() - share.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30));
        var mentorsList = await mentor.Http.GetFromJsonAsync<JsonElement>("/api/v1/sessions");
        Assert.Equal([id], mentorsList.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await mentor.Http.GetAsync($"/s/{id}/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/s/{id}/api/status")).StatusCode);
        await ProblemAssert.HasReasonAsync(await mentor.Http.DeleteAsync($"/api/v1/sessions/{id}"), HttpStatusCode.Forbidden, "session.owner_only");
        await ProblemAssert.HasReasonAsync(await mentor.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = mentorId }), HttpStatusCode.NotFound, "session.not_found");

        await using var kernel = await JupyterKernel.StartAsync(mentor, fixture.Orchestrator.BaseAddress, id);
        var (output, error) = await kernel.ExecuteAsync("print(6 * 7)", TimeSpan.FromSeconds(60));
        Assert.Null(error);
        Assert.Equal("42\n", output);

        // 3. Revoked: the mentor's live kernel WebSocket is cut within a second (the proxy aborts the upgraded connection, so
        //    there is no close frame), and the session is gone for them.
        var revoked = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/v1/sessions/{id}/shares/{mentorId}")).StatusCode);
        var close = await kernel.WaitForCloseAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(WebSocketCloseStatus.Empty, close);
        Assert.True(DateTime.UtcNow - revoked < TimeSpan.FromSeconds(1.5));
        Assert.NotEqual(WebSocketState.Open, kernel.State);
        Assert.Equal(HttpStatusCode.NotFound, (await mentor.Http.GetAsync($"/s/{id}/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mentor.Http.GetAsync($"/api/v1/sessions/{id}")).StatusCode);
        await ProblemAssert.HasReasonAsync(await owner.Http.DeleteAsync($"/api/v1/sessions/{id}/shares/{mentorId}"), HttpStatusCode.NotFound, "share.not_found");

        // 4. The owner's own access is untouched.
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/s/{id}/api/status")).StatusCode);
        (await owner.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await owner.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
    }
}
