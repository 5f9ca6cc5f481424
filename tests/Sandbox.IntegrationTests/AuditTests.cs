using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>The append-only audit log: what is recorded, and who may read which part of it.</summary>
public sealed class AuditTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Sign_ins_launches_stops_and_money_changes_are_recorded_and_billing_staff_see_only_money()
    {
        var admin = fixture.Admin.Http;
        var (analyst, analystId) = await fixture.Admin.CreateMemberAsync("audited");
        var (clerk, _) = await fixture.Admin.CreateMemberAsync("audit-clerk", "member", "billing");
        using var _a = analyst;
        using var _c = clerk;
        using var anonymous = new HttpClient { BaseAddress = fixture.Orchestrator.BaseAddress };
        await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = "ghost@sandbox.test", password = "whatever" });

        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/api/v1/members/{analystId}", new { monthlyBudgetKrw = 20000 })).EnsureSuccessStatusCode();

        // 1. Admins see everything the analyst did, and the change made to them.
        var byAnalyst = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?actor={analystId}");
        var kinds = byAnalyst.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("auth.sign_in", kinds);
        Assert.Contains("session.created", kinds);
        Assert.Contains("session.stop_requested", kinds);
        Assert.Equal(id, byAnalyst.EnumerateArray().First(e => e.GetProperty("kind").GetString() == "session.created").GetProperty("subject").GetString());
        var change = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=member.changed")).EnumerateArray()
            .Single(e => e.GetProperty("subject").GetString() == analystId);
        Assert.Equal(20000, change.GetProperty("detail").GetProperty("monthlyBudgetKrw").GetInt32());
        var failed = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=auth.sign_in_failed")).EnumerateArray()
            .Where(e => e.GetProperty("detail").GetProperty("email").GetString() == "ghost@sandbox.test").ToList();
        Assert.Single(failed);
        Assert.Equal(JsonValueKind.Null, failed[0].GetProperty("actor").ValueKind);

        // 2. Billing staff see money events only; analysts see none.
        var forClerk = await clerk.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit");
        Assert.Contains(forClerk.EnumerateArray(), e => e.GetProperty("kind").GetString() == "member.changed");
        Assert.All(forClerk.EnumerateArray(), e => Assert.Contains(e.GetProperty("kind").GetString(), new[] { "member.changed", "rate_card.created", "credit.granted" }));
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.Http.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/audit?from=yesterday")).StatusCode);
    }
}
