using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>An admin disables a member and enables them again, through the real orchestrator and engine.</summary>
public sealed class MemberLifecycleTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Password = "member-password-1";

    [Fact]
    public async Task A_disabled_member_is_signed_out_refused_sign_in_and_has_their_sessions_stopped_with_history_kept_until_enabled()
    {
        var email = $"disabled-{Guid.NewGuid():N}@sandbox.test";
        using var created = await fixture.Admin.Http.PostAsJsonAsync("/api/v1/members", new { email, password = Password, displayName = "To Disable", tier = "member", roles = Array.Empty<string>() });
        created.EnsureSuccessStatusCode();
        var memberId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var member = await SandboxApi.SignInAsync(fixture.Orchestrator.BaseAddress, email, Password);
        var id = (await member.LaunchAsync()).GetProperty("id").GetString()!;
        await member.WaitForStateAsync(id, TimeSpan.FromSeconds(150), "running");

        // 1. Disabled: the view says when; the token ends at once; the session stops with the reason; sign-in is refused.
        using var disabled = await fixture.Admin.Http.PostAsync($"/api/v1/members/{memberId}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(JsonValueKind.String, (await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabledAt").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Http.GetAsync("/api/v1/me")).StatusCode);
        //    (Nobody but its owner sees a session: the stop shows in the audit, its billing end and the engine.)
        var stopAudited = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=session.stop_requested");
        var entry = Assert.Single(stopAudited.EnumerateArray(), e => e.GetProperty("subject").GetString() == id);
        Assert.Contains("member_disabled", entry.GetRawText(), StringComparison.Ordinal);
        Assert.True(await fixture.Orchestrator.SandboxGoneAsync(id, TimeSpan.FromSeconds(60)),
            $"The session's container is still there 60 s after its owner was disabled.\n{fixture.Orchestrator.Tail()}");

        using var refused = await fixture.Admin.Http.PostAsJsonAsync(new Uri(fixture.Orchestrator.BaseAddress, "/api/v1/auth/token"), new { email, password = Password });
        await ProblemAssert.HasReasonAsync(refused, HttpStatusCode.Forbidden, "auth.member_disabled");
        using var wrong = await fixture.Admin.Http.PostAsJsonAsync(new Uri(fixture.Orchestrator.BaseAddress, "/api/v1/auth/token"), new { email, password = "not-the-password" });
        await ProblemAssert.HasReasonAsync(wrong, HttpStatusCode.Unauthorized, "auth.invalid_credentials"); // a wrong password learns nothing

        // 2. History stays: the session's usage is billed; the audit names who did it.
        var usage = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/usage?member={memberId}");
        var record = Assert.Single(usage.EnumerateArray(), u => u.GetProperty("session").GetString() == id);
        Assert.Equal(JsonValueKind.String, record.GetProperty("end").ValueKind); // billed up to the stop
        var audited = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=member.disabled");
        Assert.Contains(audited.EnumerateArray(), e => e.GetProperty("subject").GetString() == memberId);

        // 3. An admin cannot disable themselves; enabling lets the member sign in again.
        var adminId = (await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetString()!;
        await ProblemAssert.HasReasonAsync(await fixture.Admin.Http.PostAsync($"/api/v1/members/{adminId}/disable", null), HttpStatusCode.Conflict, "member.disable_self");
        using var enabled = await fixture.Admin.Http.PostAsync($"/api/v1/members/{memberId}/enable", null);
        Assert.Equal(JsonValueKind.Null, (await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabledAt").ValueKind);
        using var again = await SandboxApi.SignInAsync(fixture.Orchestrator.BaseAddress, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("/api/v1/me")).StatusCode);
        await ProblemAssert.HasReasonAsync(await fixture.Admin.Http.PostAsync("/api/v1/members/no-such-member/disable", null), HttpStatusCode.NotFound, "member.not_found");
    }
}
