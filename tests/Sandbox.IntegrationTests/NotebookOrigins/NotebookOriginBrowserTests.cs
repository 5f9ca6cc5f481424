using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sandbox.IntegrationTests.Browser;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.NotebookOrigins;

/// <summary>
/// The attack the notebook origins exist for, in Chromium against the real orchestrator and notebook image: an analyst
/// plants JavaScript in their notebook (Jupyter's <c>~/.jupyter/custom/custom.js</c>, loaded into every page it serves),
/// shares the notebook with a mentor who is signed in to the portal, and the mentor opens it. The script runs in the
/// mentor's browser and tries everything: read the mentor's identity, create an admin, listen to the hub, reach another
/// notebook shared with the same mentor. None of it may work.
/// </summary>
public sealed class NotebookOriginBrowserTests(SandboxFixture sandbox, ChromiumFixture chromium)
    : IClassFixture<SandboxFixture>, IClassFixture<ChromiumFixture>
{
    private const string Password = "member-password-1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private Uri Orchestrator => sandbox.Orchestrator.BaseAddress;

    [Fact]
    public async Task Code_a_notebook_serves_to_a_mentor_cannot_act_as_the_mentor_nor_reach_another_notebook()
    {
        // 1. An analyst and a second, unsuspecting one, each with a running notebook shared with the same mentor. (Not two
        //    notebooks of one analyst: they share the analyst's home, so the planted script would run in both.)
        var (owner, _) = await sandbox.Admin.CreateMemberAsync("planting-analyst");
        var (neighbour, _) = await sandbox.Admin.CreateMemberAsync("neighbour-analyst");
        var mentorEmail = $"attacked-mentor-{Guid.NewGuid():N}@sandbox.test";
        var created = await sandbox.Admin.Http.PostAsJsonAsync("/api/v1/members",
            new { email = mentorEmail, password = Password, displayName = "Attacked Mentor", tier = "member", roles = new[] { "mentor", "admin" } });
        created.EnsureSuccessStatusCode();
        var mentorId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var _o = owner;
        using var _n = neighbour;
        var planted = (await owner.LaunchAsync()).GetProperty("id").GetString()!;
        var other = (await neighbour.LaunchAsync()).GetProperty("id").GetString()!;
        await owner.WaitForStateAsync(planted, StartTimeout, "running");
        await neighbour.WaitForStateAsync(other, StartTimeout, "running");
        foreach (var (api, session) in new[] { (owner, planted), (neighbour, other) })
        {
            (await api.Http.PostAsJsonAsync($"/api/v1/sessions/{session}/shares", new { member = mentorId, minutes = 60 })).EnsureSuccessStatusCode();
        }

        // 2. The analyst plants the script in their home, from their own kernel.
        var portal = Orchestrator.GetLeftPart(UriPartial.Authority);
        var otherOrigin = $"http://{other}.nb.localhost:{sandbox.Orchestrator.Port}";
        var script = AttackScript(portal, otherOrigin, other);
        await using (var kernel = await JupyterKernel.StartAsync(owner, Orchestrator, planted))
        {
            var (_, error) = await kernel.ExecuteAsync(
                $"import pathlib\np = pathlib.Path.home() / '.jupyter' / 'custom'\np.mkdir(parents=True, exist_ok=True)\n(p / 'custom.js').write_text({JsonSerializer.Serialize(script)})",
                TimeSpan.FromSeconds(60));
            Assert.Null(error);
        }

        var otherFilesBefore = await FileNamesAsync(neighbour, other);
        var membersBefore = (await sandbox.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/members")).GetArrayLength();

        // 3. The mentor signs in to the portal (an admin too, as mentors in a small cooperative often are), opens the other
        //    notebook (so their browser holds its cookie too), then the planted one.
        await using var context = await chromium.Browser.NewContextAsync();
        var portalPage = await context.NewPageAsync();
        await portalPage.GotoAsync(Orchestrator.AbsoluteUri);
        var signIn = await portalPage.FetchAsync("POST", "/api/v1/auth/signin", new { email = mentorEmail, password = Password });
        Assert.True(signIn.Status is 200 or 204, $"the mentor's portal sign-in: {signIn}");

        var otherPage = await context.NewPageAsync();
        await OpenNotebookAsync(otherPage, other, otherOrigin);

        var plantedOrigin = $"http://{planted}.nb.localhost:{sandbox.Orchestrator.Port}";
        var page = await context.NewPageAsync();
        await OpenNotebookAsync(page, planted, plantedOrigin);

        // 4. The planted script ran in the mentor's page, and everything it tried failed.
        var finished = await page.WaitForFunctionAsync("() => window.__attack && window.__attack.done && window.__attack", null,
            new() { Timeout = (float)StartTimeout.TotalMilliseconds });
        var results = await finished.JsonValueAsync<JsonElement>();
        string Result(string name) => results.GetProperty(name).GetString()!;
        Assert.Equal("blocked", Result("me"));
        Assert.Equal("blocked", Result("antiforgery"));
        Assert.Equal("404", Result("sameOriginMe"));
        Assert.Equal("refused", Result("hub"));
        Assert.Equal("blocked", Result("otherRead"));
        Assert.Equal("", Result("cookies"));

        // 5. And on the server: no member was created, nothing was written into the other notebook, refusals were audited.
        Assert.Equal(membersBefore, (await sandbox.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/members")).GetArrayLength());
        Assert.Equal(otherFilesBefore, await FileNamesAsync(neighbour, other));
        var audit = await sandbox.Admin.Http.GetStringAsync("/api/v1/audit?kind=access.refused");
        Assert.Contains("origin.notebook_refused", audit, StringComparison.Ordinal);

        // 6. The mentor's own notebook page still works: its cookie and Jupyter's API at its own origin.
        var status = await page.FetchAsync("GET", $"/s/{planted}/api/status");
        Assert.Equal(200, status.Status);
    }

    /// <summary>
    /// Opens a notebook as its card's button does (<c>/open/{id}</c>) and waits until the hand-off has landed the page at
    /// the notebook's own origin and it has loaded there.
    /// </summary>
    private Task OpenNotebookAsync(IPage page, string session, string origin) =>
        NotebookHandOff.OpenAsync(page, new Uri(Orchestrator, $"/open/{session}"), $"{origin}/s/{session}/", StartTimeout);

    private static async Task<string> FileNamesAsync(SandboxApi owner, string session)
    {
        using var response = await owner.Http.GetAsync($"/s/{session}/api/contents");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listing = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join(",", listing.GetProperty("content").EnumerateArray().Select(e => e.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    /// <summary>What an attacker would put in custom.js: every attempt records how it ended in <c>window.__attack</c>.</summary>
    private static string AttackScript(string portal, string otherOrigin, string otherSession) => $$"""
        (async () => {
          const r = {};
          const portal = {{JsonSerializer.Serialize(portal)}};
          const other = {{JsonSerializer.Serialize(otherOrigin)}} + '/s/{{otherSession}}/';
          const attempt = async (name, work) => { try { r[name] = await work(); } catch (e) { r[name] = 'blocked'; } };
          await attempt('me', async () => { const x = await fetch(portal + '/api/v1/me', { credentials: 'include' }); return 'read ' + x.status + ' ' + await x.text(); });
          await attempt('antiforgery', async () => { const x = await fetch(portal + '/api/v1/auth/antiforgery', { credentials: 'include' }); return 'read ' + x.status; });
          await attempt('createAdmin', async () => { await fetch(portal + '/api/v1/members', { method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ email: 'intruder@evil.test', password: 'intruder-password', displayName: 'x', tier: 'member', roles: ['admin'] }) }); return 'sent'; });
          await attempt('sameOriginMe', async () => String((await fetch('/api/v1/me')).status));
          r.hub = await new Promise(resolve => {
            const ws = new WebSocket(portal.replace('http', 'ws') + '/hubs/sessions');
            ws.onopen = () => resolve('open');
            ws.onerror = () => resolve('refused');
          });
          await attempt('otherRead', async () => { const x = await fetch(other + 'api/contents', { credentials: 'include' }); return 'read ' + x.status; });
          await attempt('otherWrite', async () => { await fetch(other + 'api/contents', { method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'Content-Type': 'text/plain' }, body: '{"type":"file","ext":".txt"}' }); return 'sent'; });
          r.cookies = document.cookie.split('; ').filter(c => c.startsWith('sandbox') || c.startsWith('__Host')).join('; ');
          r.done = true;
          window.__attack = r;
        })();
        """;
}
