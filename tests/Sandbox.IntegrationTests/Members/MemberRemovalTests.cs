using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Members;

/// <summary>
/// An admin removes a member, through the real orchestrator and engine: signed out and stopped at once, personal data
/// erased everywhere the API shows it (the audit log included), usage and invoices kept under a pseudonym, and the home
/// volume deleted only once the grace period has passed.
/// </summary>
public sealed class MemberRemovalTests
{
    private const string Password = "member-password-1";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task A_removed_member_is_erased_billed_under_a_pseudonym_and_loses_their_home_after_the_grace_period()
    {
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Sweep__Interval"] = "00:00:01",
            ["Sandbox__Sweep__RemovedMemberHomeGrace"] = Grace.ToString(),
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

        // An e-mail with a '+', which the audit log's JSON writes escaped: both forms must go.
        var email = $"leaving+{Guid.NewGuid():N}@sandbox.test";
        using var created = await admin.Http.PostAsJsonAsync("/api/v1/members", new { email, password = Password, displayName = "Kim Leaving", tier = "member", roles = new[] { "mentor" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var memberId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var wrong = await admin.Http.PostAsJsonAsync(new Uri(orchestrator.BaseAddress, "/api/v1/auth/token"), new { email, password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode); // an audited failure naming the e-mail
        using var member = await SandboxApi.SignInAsync(orchestrator.BaseAddress, email, Password);

        // 1. The member works: a running notebook with 200 KB of notes in the home, which admins see the size of.
        var session = (await member.LaunchAsync()).GetProperty("id").GetString()!;
        await member.WaitForStateAsync(session, TimeSpan.FromSeconds(150), "running");
        using var notes = await member.Http.PutAsync($"/s/{session}/api/contents/notes.txt", new StringContent(
            JsonSerializer.Serialize(new { type = "file", format = "text", content = new string('n', 200_000) }), Encoding.UTF8, "application/json"));
        Assert.True(notes.IsSuccessStatusCode, $"{notes.StatusCode}: {await notes.Content.ReadAsStringAsync()}");
        var homes = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/members/homes");
        var home = Assert.Single(homes.EnumerateArray(), h => h.GetProperty("member").GetString() == memberId);
        Assert.InRange(home.GetProperty("usedBytes").GetInt64(), 200_000, 50_000_000);
        Assert.Equal("Kim Leaving", home.GetProperty("displayName").GetString());
        var ours = $"{orchestrator.LabelPrefix}installation={orchestrator.InstallationId}";
        Assert.Single(await DockerEngine.VolumesAsync([ours, $"{orchestrator.LabelPrefix}member={memberId}"]));

        // 2. Removed: the view shows a pseudonym and no e-mail; the token ends; the session stops with the reason.
        using var removed = await admin.Http.DeleteAsync($"/api/v1/members/{memberId}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var view = await removed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("", view.GetProperty("email").GetString());
        Assert.StartsWith("Former member ", view.GetProperty("displayName").GetString(), StringComparison.Ordinal);
        Assert.Empty(view.GetProperty("roles").EnumerateArray());
        var removedAt = view.GetProperty("removedAt").GetDateTimeOffset();
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Http.GetAsync("/api/v1/me")).StatusCode);
        Assert.True(await orchestrator.SandboxGoneAsync(session, TimeSpan.FromSeconds(60)),
            $"The session's container is still there 60 s after its owner was removed.\n{orchestrator.Tail()}");

        // 3. Nothing the API shows names the person any more: members, the billing desk, the whole audit log.
        var escaped = JsonSerializer.Serialize(email)[1..^1];
        var everywhere = string.Join("\n",
            await admin.Http.GetStringAsync("/api/v1/members"),
            await admin.Http.GetStringAsync($"/api/v1/members/{memberId}"),
            await admin.Http.GetStringAsync("/api/v1/billing/members"),
            await admin.Http.GetStringAsync("/api/v1/audit"),
            await admin.Http.GetStringAsync("/api/v1/members/homes"));
        Assert.DoesNotContain(email, everywhere, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(escaped, everywhere, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Kim Leaving", everywhere, StringComparison.Ordinal);
        var audit = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("kind").GetString() == "member.removed" && e.GetProperty("subject").GetString() == memberId);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("kind").GetString() == "session.stop_requested"
            && e.GetProperty("subject").GetString() == session && e.GetRawText().Contains("member_removed", StringComparison.Ordinal));
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("kind").GetString() == "auth.sign_in_failed" && e.GetRawText().Contains("(erased)", StringComparison.Ordinal));

        // (Signing in with the old e-mail finds no account; that attempt is a new event, audited as any unknown e-mail is.)
        using var signIn = await admin.Http.PostAsJsonAsync(new Uri(orchestrator.BaseAddress, "/api/v1/auth/token"), new { email, password = Password });
        await ProblemAssert.HasReasonAsync(signIn, HttpStatusCode.Unauthorized, "auth.invalid_credentials");

        // 4. The books keep them under the pseudonym: usage and this month's invoice.
        var usage = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/usage?member={memberId}");
        Assert.Contains(usage.EnumerateArray(), u => u.GetProperty("session").GetString() == session);
        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul")).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var invoices = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/invoices?month={month}");
        Assert.Contains(invoices.GetProperty("invoices").EnumerateArray(), i => i.GetProperty("member").GetString() == memberId);
        var desk = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/billing/members");
        Assert.StartsWith("Former member ", Assert.Single(desk.EnumerateArray(), m => m.GetProperty("id").GetString() == memberId).GetProperty("displayName").GetString(), StringComparison.Ordinal);

        // 5. A removed member stays removed; removing again changes nothing; an admin cannot remove themselves.
        await ProblemAssert.HasReasonAsync(await admin.Http.PostAsync($"/api/v1/members/{memberId}/enable", null), HttpStatusCode.Conflict, "member.removed");
        await ProblemAssert.HasReasonAsync(await admin.Http.PatchAsJsonAsync($"/api/v1/members/{memberId}", new { monthlyBudgetKrw = 1000 }), HttpStatusCode.Conflict, "member.removed");
        using var again = await admin.Http.DeleteAsync($"/api/v1/members/{memberId}");
        Assert.Equal(removedAt, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("removedAt").GetDateTimeOffset());
        var adminId = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetString()!;
        await ProblemAssert.HasReasonAsync(await admin.Http.DeleteAsync($"/api/v1/members/{adminId}"), HttpStatusCode.Conflict, "member.remove_self");
        await ProblemAssert.HasReasonAsync(await admin.Http.DeleteAsync("/api/v1/members/no-such-member"), HttpStatusCode.NotFound, "member.not_found");

        // 6. The home goes once the grace period has passed (not before: the deletion is stamped at least that late).
        var deadline = DateTime.UtcNow + Grace + TimeSpan.FromSeconds(60);
        while ((await DockerEngine.VolumesAsync([ours, $"{orchestrator.LabelPrefix}member={memberId}"])).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The removed member's home is still there a minute after the grace period.\n{orchestrator.Tail()}");
            await Task.Delay(250); // poll the engine until the sweep has deleted the volume
        }

        var after = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/members/{memberId}");
        Assert.True(after.GetProperty("homeRemovedAt").GetDateTimeOffset() >= removedAt + Grace, after.GetRawText());
        Assert.DoesNotContain((await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/members/homes")).EnumerateArray(), h => h.GetProperty("member").GetString() == memberId);
        var homeAudit = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=member.home_removed");
        Assert.Contains(homeAudit.EnumerateArray(), e => e.GetProperty("subject").GetString() == memberId);
    }
}
