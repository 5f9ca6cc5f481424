using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Paging;

/// <summary>
/// Cursor pagination of the five lists through the real orchestrator: walking a list two items at a time through its
/// <c>Link: rel="next"</c> headers gives exactly the items of one large page, in the same order, each once; the last page
/// has no next link; rows added while walking neither repeat nor shift items; bad limits and cursors are 400s.
/// </summary>
public sealed partial class ListPagingTests
{
    private static readonly Dictionary<string, string> Settings = new() { ["Sandbox__Quotas__Member__MaxConcurrentSessions"] = "5" };

    [Fact]
    public async Task Sessions_members_usage_audit_and_datasets_page_through_link_headers_each_item_once_on_sqlite()
    {
        await using var orchestrator = new OrchestratorProcess(Settings);
        await orchestrator.StartAsync();
        await PagesAsync(orchestrator);
    }

    [Fact]
    public async Task Sessions_members_usage_audit_and_datasets_page_through_link_headers_each_item_once_on_postgresql()
    {
        // The keys compare in the database's collation, the same its ORDER BY uses: PostgreSQL's differs from SQLite's.
        await using var replicas = await Replicas.OrchestratorReplicas.CreateAsync(1, Settings);
        await replicas.All[0].StartAsync();
        await PagesAsync(replicas.All[0]);
    }

    private static async Task PagesAsync(OrchestratorProcess orchestrator)
    {
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        await admin.PublishDatasetAsync("paging-a", "1", new Dictionary<string, string> { ["a.csv"] = "x\n1\n" });
        await admin.PublishDatasetAsync("paging-b", "1", new Dictionary<string, string> { ["b.csv"] = "x\n2\n" });
        var (analyst, memberId) = await admin.CreateMemberAsync("paging-analyst");
        using var _ = analyst;
        for (var i = 0; i < 4; i++)
        {
            (await admin.CreateMemberAsync($"paging-{i}")).Api.Dispose();
        }

        var sessions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add((await analyst.LaunchAsync()).GetProperty("id").GetString()!);
        }

        foreach (var id in sessions)
        {
            await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(150), "running");
        }

        // 1. Every list, two at a time, is the one-page list, in order, each item once.
        await AssertPagesAsync(analyst.Http, "/api/v1/sessions", "id", atLeast: 3);
        await AssertPagesAsync(admin.Http, "/api/v1/members", "id", atLeast: 6);
        await AssertPagesAsync(admin.Http, $"/api/v1/usage?member={memberId}", "session", atLeast: 3);
        await AssertPagesAsync(admin.Http, "/api/v1/audit", "id", atLeast: 10);
        await AssertPagesAsync(admin.Http, "/api/v1/audit?kind=session.created", "id", atLeast: 3); // the filter is kept in the next link
        await AssertPagesAsync(admin.Http, "/api/v1/datasets", "name", atLeast: 2);
        await AssertPagesAsync(admin.Http, "/api/v1/members?search=PAGING-", "id", atLeast: 5);
        Assert.Equal(5, (await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/members?search=paging-")).GetArrayLength());

        // 2. A member added between two pages shows on a later page; nothing repeats or goes missing.
        using var first = await admin.Http.GetAsync("/api/v1/members?limit=2");
        var seen = (await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var (late, lateId) = await admin.CreateMemberAsync("paging-late");
        late.Dispose();
        for (var next = NextOf(first); next is not null;)
        {
            using var page = await admin.Http.GetAsync(next);
            seen.AddRange((await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            next = NextOf(page);
        }

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Contains(lateId, seen);
        Assert.Equal(7, seen.Count); // the admin, the analyst, four others and the late one

        // 3. Bad input is a 400 with a reason; a cursor of another list is not one this list gave.
        await ProblemAssert.HasReasonAsync(await admin.Http.GetAsync("/api/v1/members?limit=0"), HttpStatusCode.BadRequest, "page.invalid_limit");
        await ProblemAssert.HasReasonAsync(await admin.Http.GetAsync("/api/v1/audit?limit=1001"), HttpStatusCode.BadRequest, "page.invalid_limit");
        await ProblemAssert.HasReasonAsync(await admin.Http.GetAsync("/api/v1/sessions?limit=abc"), HttpStatusCode.BadRequest, "page.invalid_limit");
        await ProblemAssert.HasReasonAsync(await admin.Http.GetAsync("/api/v1/datasets?cursor=not-a-cursor"), HttpStatusCode.BadRequest, "page.invalid_cursor");
        using var auditPage = await admin.Http.GetAsync("/api/v1/audit?limit=1");
        var auditCursor = CursorOf(NextOf(auditPage)!);
        await ProblemAssert.HasReasonAsync(await admin.Http.GetAsync($"/api/v1/members?cursor={auditCursor}"), HttpStatusCode.BadRequest, "page.invalid_cursor");

        foreach (var id in sessions)
        {
            (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        }
    }

    private static async Task AssertPagesAsync(HttpClient http, string path, string key, int atLeast)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var whole = await http.GetAsync($"{path}{separator}limit=1000");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Null(NextOf(whole));
        var expected = (await whole.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(e => e.GetProperty(key).ToString()).ToList();
        Assert.True(expected.Count >= atLeast, $"{path}: {expected.Count} items, expected at least {atLeast}");

        var walked = new List<string>();
        var pages = 0;
        for (string? next = $"{path}{separator}limit=2"; next is not null; pages++)
        {
            using var page = await http.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var items = (await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(e => e.GetProperty(key).ToString()).ToList();
            next = NextOf(page);
            Assert.True(items.Count == 2 || next is null, $"{path}: a page of {items.Count} before the last");
            walked.AddRange(items);
            Assert.True(pages < 1000, $"{path}: the pages never end");
        }

        Assert.Equal(expected, walked);
        Assert.Equal((expected.Count + 1) / 2, pages);
    }

    private static string? NextOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links) && NextLink().Match(string.Join(",", links)) is { Success: true } match ? match.Groups[1].Value : null;

    private static string CursorOf(string link) => CursorParameter().Match(link).Groups[1].Value;

    [GeneratedRegex("<([^>]*)>;\\s*rel=\"next\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("[?&]cursor=([^&]*)")]
    private static partial Regex CursorParameter();
}
