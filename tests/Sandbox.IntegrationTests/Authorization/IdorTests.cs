using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.IntegrationTests.Authorization;

/// <summary>
/// Ids in paths are not permissions: callers who may not see an object get 404 (sessions) or 403 (members, admin-only)
/// on every route that names it, and a refused call changes nothing.
/// </summary>
[Collection(AuthorizationTestGroup.Name)]
public sealed class IdorTests(AuthorizationFixture fixture)
{
    [Fact]
    public async Task Nobody_but_the_owner_and_its_mentor_learns_of_or_changes_a_session_through_any_route_naming_it()
    {
        // 1. Intruders: a plain analyst, a mentor it is not shared with, billing staff and an admin (no override).
        var stranger = await fixture.CreatePersonaAsync("stranger");
        var otherMentor = await fixture.CreatePersonaAsync("other-mentor", Roles.Mentor);
        var before = await SnapshotAsync();

        // 2. Every route of the table that names a session, tried by each of them; all must be 404.
        var failures = new List<string>();
        var scoped = AccessTable.Rows.Where(r => r.Mapped && r.NamesAnObject && r.Scope != AccessTable.ObjectScope.None).ToList();
        Assert.NotEmpty(scoped);
        foreach (var intruder in new[] { stranger, otherMentor, fixture.Billing, fixture.Admin })
        {
            var requests = IdorRequests.For(fixture, intruder.Id!);
            foreach (var row in scoped)
            {
                if (!requests.TryGetValue(row.Operation, out var tries))
                {
                    failures.Add($"{row.Operation}: no IDOR requests for this row (add them to IdorRequests).");
                    continue;
                }

                foreach (var attempt in tries)
                {
                    using var response = await fixture.SendAsync(intruder, attempt.Method, attempt.Path, attempt.Body());
                    if (response.StatusCode != HttpStatusCode.NotFound)
                    {
                        failures.Add($"{row.Operation} as {intruder} ({attempt.Method} {attempt.Path}): expected 404, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }

            // Nor does the session show in their list.
            var listed = await ListedSessionIdsAsync(intruder);
            if (listed.Contains(fixture.RunningSessionId))
            {
                failures.Add($"GET /api/v1/sessions as {intruder} lists the analyst's session.");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // 3. Nothing changed: still running, same shares, no kernel or file started by anyone, the mentor still in.
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_revoked_mentor_gets_404_on_the_session_its_shares_and_its_notebook()
    {
        // 1. Shared: the mentor is in.
        var mentor = await fixture.CreatePersonaAsync("revoked-mentor", Roles.Mentor);
        var id = fixture.RunningSessionId;
        await fixture.ShareAsync(mentor.Id!);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(mentor, HttpMethod.Get, $"/s/{id}/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(mentor, HttpMethod.Get, $"/api/v1/sessions/{id}")).StatusCode);

        // 2. Revoked: every route naming the session is 404 for them, stopping included (no longer "owner only").
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(fixture.Analyst, HttpMethod.Delete, $"/api/v1/sessions/{id}/shares/{mentor.Id}")).StatusCode);
        var before = await SnapshotAsync();
        foreach (var attempt in IdorRequests.For(fixture, mentor.Id!).Values.SelectMany(tries => tries))
        {
            using var response = await fixture.SendAsync(mentor, attempt.Method, attempt.Path, attempt.Body());
            Assert.True(response.StatusCode == HttpStatusCode.NotFound,
                $"{attempt.Method} {attempt.Path} as the revoked mentor: expected 404, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.DoesNotContain(id, await ListedSessionIdsAsync(mentor));

        // 3. The session and everyone else's access are untouched.
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_shared_mentor_uses_the_session_but_can_neither_stop_it_nor_manage_its_shares()
    {
        var id = fixture.RunningSessionId;
        var before = await SnapshotAsync();

        await ProblemAssert.HasReasonAsync(await fixture.SendAsync(fixture.Mentor, HttpMethod.Delete, $"/api/v1/sessions/{id}"), HttpStatusCode.Forbidden, "session.owner_only");
        await ProblemAssert.HasReasonAsync(await fixture.SendAsync(fixture.Mentor, HttpMethod.Get, $"/api/v1/sessions/{id}/shares"), HttpStatusCode.NotFound, "session.not_found");
        await ProblemAssert.HasReasonAsync(await fixture.SendAsync(fixture.Mentor, HttpMethod.Post, $"/api/v1/sessions/{id}/shares",
            JsonContent.Create(new { member = fixture.Mentor.Id, minutes = 1440 })), HttpStatusCode.NotFound, "session.not_found");
        await ProblemAssert.HasReasonAsync(await fixture.SendAsync(fixture.Mentor, HttpMethod.Delete, $"/api/v1/sessions/{id}/shares/{fixture.Mentor.Id}"),
            HttpStatusCode.NotFound, "session.not_found");

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Analysts_can_neither_read_nor_change_members_by_id_themselves_included()
    {
        // 1. Reading and patching someone else, or oneself into admin: refused by the admin policy.
        var mentorBefore = await MemberAsync(fixture.Mentor.Id!);
        var analystBefore = await MemberAsync(fixture.Analyst.Id!);
        foreach (var caller in new[] { fixture.Analyst, fixture.Mentor, fixture.Billing })
        {
            await ProblemAssert.HasReasonAsync(await fixture.SendAsync(caller, HttpMethod.Get, $"/api/v1/members/{fixture.Mentor.Id}"), HttpStatusCode.Forbidden, ProblemReasons.Forbidden);
            await ProblemAssert.HasReasonAsync(await fixture.SendAsync(caller, HttpMethod.Get, $"/api/v1/members/{caller.Id}"), HttpStatusCode.Forbidden, ProblemReasons.Forbidden);
            await ProblemAssert.HasReasonAsync(await fixture.SendAsync(caller, HttpMethod.Patch, $"/api/v1/members/{fixture.Mentor.Id}",
                JsonContent.Create(new { tier = "non_member", roles = Array.Empty<string>(), monthlyBudgetKrw = 1 })), HttpStatusCode.Forbidden, ProblemReasons.Forbidden);
            await ProblemAssert.HasReasonAsync(await fixture.SendAsync(caller, HttpMethod.Patch, $"/api/v1/members/{caller.Id}",
                JsonContent.Create(new { roles = new[] { Roles.Admin } })), HttpStatusCode.Forbidden, ProblemReasons.Forbidden);
        }

        // 2. Nothing changed, and no token was ended (a role change would have ended the member's tokens).
        Assert.Equal(mentorBefore, await MemberAsync(fixture.Mentor.Id!));
        Assert.Equal(analystBefore, await MemberAsync(fixture.Analyst.Id!));
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(fixture.Mentor, HttpMethod.Get, "/api/v1/sessions")).StatusCode);
    }

    [Fact]
    public async Task Analysts_cannot_read_someone_elses_usage_by_member_id_but_billing_staff_can()
    {
        var owner = fixture.Analyst.Id;
        await ProblemAssert.HasReasonAsync(await fixture.SendAsync(fixture.Mentor, HttpMethod.Get, $"/api/v1/usage?member={owner}"), HttpStatusCode.Forbidden, "usage.forbidden");

        var billing = await fixture.SendAsync(fixture.Billing, HttpMethod.Get, $"/api/v1/usage?member={owner}");
        Assert.Equal(HttpStatusCode.OK, billing.StatusCode);
        var rows = await billing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("session").GetString() == fixture.RunningSessionId);

        // The mentor's own usage (no member) holds nothing of the analyst's.
        var own = await (await fixture.SendAsync(fixture.Mentor, HttpMethod.Get, "/api/v1/usage")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(own.EnumerateArray(), r => r.GetProperty("session").GetString() == fixture.RunningSessionId);
    }

    /// <summary>What a refused call must not change: the session's state, its shares, its kernels and files, the mentor's access.</summary>
    private async Task<string> SnapshotAsync()
    {
        var id = fixture.RunningSessionId;
        var session = await fixture.SessionAsync(id);
        var kernels = await (await fixture.SendAsync(fixture.Analyst, HttpMethod.Get, $"/s/{id}/api/kernels")).Content.ReadFromJsonAsync<JsonElement>();
        var contents = await (await fixture.SendAsync(fixture.Analyst, HttpMethod.Get, $"/s/{id}/api/contents")).Content.ReadFromJsonAsync<JsonElement>();
        var files = contents.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        var shares = await (await fixture.SendAsync(fixture.Analyst, HttpMethod.Get, $"/api/v1/sessions/{id}/shares")).Content.ReadFromJsonAsync<JsonElement>();
        var shareTerms = shares.EnumerateArray().Select(s => $"{s.GetProperty("member").GetString()}@{s.GetProperty("expiresAt").GetDateTimeOffset():O}").Order(StringComparer.Ordinal);
        var mentorStatus = (await fixture.SendAsync(fixture.Mentor, HttpMethod.Get, $"/s/{id}/api/status")).StatusCode;
        return $"state={session.GetProperty("state").GetString()} ended={session.GetProperty("endedAt")} shares=[{string.Join(",", shareTerms)}] " +
            $"kernels={kernels.GetArrayLength()} files=[{string.Join(",", files)}] mentor={(int)mentorStatus}";
    }

    private async Task<string> MemberAsync(string id)
    {
        var response = await fixture.SendAsync(fixture.Admin, HttpMethod.Get, $"/api/v1/members/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<IReadOnlyList<string?>> ListedSessionIdsAsync(Persona caller)
    {
        var response = await fixture.SendAsync(caller, HttpMethod.Get, "/api/v1/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
    }
}
