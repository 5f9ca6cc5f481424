using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// How people find each other around a share, through the real orchestrator: who am I (<c>/me</c>), whom may I invite
/// (<c>/mentors</c>), what was I invited to and until when (<c>/me/shares</c>).
/// </summary>
public sealed class SharingDirectoryTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Me_answers_the_callers_own_account_with_the_roles_their_credentials_carry()
    {
        var (analyst, analystId) = await fixture.Admin.CreateMemberAsync("me-analyst", "non_member");
        var (staff, staffId) = await fixture.Admin.CreateMemberAsync("me-staff", "member", "mentor", "billing");
        using var _a = analyst;
        using var _s = staff;

        var me = await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(analystId, me.GetProperty("id").GetString());
        Assert.Equal("me-analyst", me.GetProperty("displayName").GetString());
        Assert.StartsWith("me-analyst-", me.GetProperty("email").GetString(), StringComparison.Ordinal);
        Assert.Equal("non_member", me.GetProperty("tier").GetString());
        Assert.Empty(me.GetProperty("roles").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("monthlyBudgetKrw").ValueKind);

        var staffMe = await staff.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(staffId, staffMe.GetProperty("id").GetString());
        Assert.Equal("member", staffMe.GetProperty("tier").GetString());
        Assert.Equal(["mentor", "billing"], staffMe.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using var anonymous = new HttpClient { BaseAddress = fixture.Orchestrator.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Mentors_lists_mentors_by_name_without_the_caller_and_without_their_e_mail()
    {
        var (analyst, analystId) = await fixture.Admin.CreateMemberAsync("dir-analyst");
        var (mentorB, mentorBId) = await fixture.Admin.CreateMemberAsync("dir-mentor-b", "member", "mentor");
        var (mentorA, mentorAId) = await fixture.Admin.CreateMemberAsync("dir-mentor-a", "non_member", "mentor");
        using var _a = analyst;
        using var _b = mentorB;
        using var _c = mentorA;

        var seenByAnalyst = await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/mentors");
        var ids = seenByAnalyst.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains(mentorAId, ids);
        Assert.Contains(mentorBId, ids);
        Assert.DoesNotContain(analystId, ids);
        Assert.True(ids.IndexOf(mentorAId) < ids.IndexOf(mentorBId), "mentors are ordered by display name");
        var entry = seenByAnalyst.EnumerateArray().Single(m => m.GetProperty("id").GetString() == mentorAId);
        Assert.Equal(["id", "displayName"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal("dir-mentor-a", entry.GetProperty("displayName").GetString());

        var seenByMentor = await mentorA.Http.GetFromJsonAsync<JsonElement>("/api/v1/mentors");
        var idsSeenByMentor = seenByMentor.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(mentorAId, idsSeenByMentor);
        Assert.Contains(mentorBId, idsSeenByMentor);
    }

    [Fact]
    public async Task A_mentor_lists_active_shares_to_them_with_owner_and_expiry_and_nothing_else()
    {
        var (owner, ownerId) = await fixture.Admin.CreateMemberAsync("shares-owner");
        var (mentor, mentorId) = await fixture.Admin.CreateMemberAsync("shares-mentor", "member", "mentor");
        var (otherMentor, _) = await fixture.Admin.CreateMemberAsync("shares-other-mentor", "member", "mentor");
        using var _o = owner;
        using var _m = mentor;
        using var _x = otherMentor;
        var id = (await owner.LaunchAsync()).GetProperty("id").GetString()!;
        try
        {
            Assert.Empty((await mentor.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/shares")).EnumerateArray());

            // 1. Shared for 45 minutes: the mentor sees whose session it is and until when; nobody else sees it.
            var created = await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = mentorId, minutes = 45 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var shares = await mentor.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/shares");
            var share = Assert.Single(shares.EnumerateArray());
            Assert.Equal(id, share.GetProperty("session").GetString());
            Assert.Equal(ownerId, share.GetProperty("owner").GetString());
            Assert.Equal("shares-owner", share.GetProperty("ownerName").GetString());
            Assert.Equal(TimeSpan.FromMinutes(45), share.GetProperty("expiresAt").GetDateTimeOffset() - share.GetProperty("createdAt").GetDateTimeOffset());
            Assert.InRange(share.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(44), TimeSpan.FromMinutes(45.5));
            Assert.Empty((await otherMentor.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/shares")).EnumerateArray());
            Assert.Empty((await owner.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/shares")).EnumerateArray());

            // 2. Re-shared for longer: still one entry, with the new expiry.
            (await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/shares", new { member = mentorId, minutes = 90 })).EnsureSuccessStatusCode();
            share = Assert.Single((await mentor.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/shares")).EnumerateArray());
            Assert.Equal(TimeSpan.FromMinutes(90), share.GetProperty("expiresAt").GetDateTimeOffset() - share.GetProperty("createdAt").GetDateTimeOffset());

            // 3. Revoked: gone from the list.
            Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/v1/sessions/{id}/shares/{mentorId}")).StatusCode);
            Assert.Empty((await mentor.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/shares")).EnumerateArray());
        }
        finally
        {
            await owner.Http.DeleteAsync($"/api/v1/sessions/{id}");
            await owner.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "stopped", "failed");
        }
    }
}
