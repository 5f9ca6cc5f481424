using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Live;

/// <summary>
/// The hub at /hubs/sessions, driven by the official SignalR JavaScript client under Node against the real orchestrator
/// and real notebooks: what a client is told on connecting, in which order, and never about anyone else's sessions.
/// </summary>
public sealed class SessionsHubTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Launch = TimeSpan.FromSeconds(120);
    private static readonly string[] StartStates = ["pending", "provisioning", "running"];

    private Uri Orchestrator => fixture.Orchestrator.BaseAddress;

    [Fact]
    public async Task A_client_gets_its_sessions_on_connecting_then_a_launch_in_order_and_another_analyst_hears_nothing_of_it()
    {
        var (a, _) = await fixture.Admin.CreateMemberAsync("hub-a");
        var (b, _) = await fixture.Admin.CreateMemberAsync("hub-b");
        using var _a = a;
        using var _b = b;
        var first = (await a.LaunchAsync()).GetProperty("id").GetString()!;
        await a.WaitForStateAsync(first, Launch, "running");

        // 1. On connecting, unasked: the running session, exactly as GET /api/v1/sessions/{id} shows it.
        await using var aClient = await HubClient.ConnectAsync(Orchestrator, a.Token);
        await using var bClient = await HubClient.ConnectAsync(Orchestrator, b.Token);
        await aClient.WaitStartedAsync();
        await bClient.WaitStartedAsync();
        var snapshot = await aClient.WaitForSessionAsync(first, "running", TimeSpan.FromSeconds(10));
        AssertSameJson(await a.GetSessionAsync(first), snapshot.GetProperty("arg"));

        //    Then the word that the client hears everything from now on, counting its snapshot (the handshake alone does
        //    not say so: the server answers it before registering the connection).
        var aEvents = aClient.Events.ToList();
        var subscribed = aEvents.FindIndex(e => HubClient.IsMessage(e, "subscribed"));
        Assert.True(subscribed > aEvents.FindIndex(e => HubClient.IsMessage(e, "sessionUpdated")), string.Join('\n', aEvents.Select(e => e.GetRawText())));
        Assert.Equal(1, aEvents[subscribed].GetProperty("arg").GetProperty("snapshot").GetInt32());
        Assert.Equal(0, Assert.Single(bClient.Messages("subscribed")).GetProperty("snapshot").GetInt32());

        // 2. A launch streams its progress, then running, in order: states never go back, progress never falls.
        var second = (await a.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await aClient.WaitForSessionAsync(second, "running", Launch);
        var updates = aClient.SessionUpdates(second);
        var states = updates.Select(u => u.GetProperty("state").GetString()!).ToList();
        var progress = updates.Select(u => u.GetProperty("progress").GetInt32()).ToList();
        Assert.Equal(states.Select(s => Array.IndexOf(StartStates, s)).Order(), states.Select(s => Array.IndexOf(StartStates, s)));
        Assert.DoesNotContain(-1, states.Select(s => Array.IndexOf(StartStates, s)));
        Assert.Equal(progress.Order(), progress);
        Assert.True(updates.Count >= 3, $"Expected queued, progress and ready, got: {string.Join(", ", updates.Select(u => $"{u.GetProperty("state")} {u.GetProperty("progress")} {u.GetProperty("message")}"))}");
        Assert.Contains(updates, u => u.GetProperty("state").GetString() == "provisioning" && u.GetProperty("progress").GetInt32() is > 0 and < 100);
        var messages = updates.Select(u => u.GetProperty("message").GetString()).ToList();
        Assert.Equal("Queued", messages[0]);
        Assert.Contains("Preparing datasets", messages);
        Assert.Contains("Creating the container", messages);
        Assert.Contains("Starting Jupyter", messages);
        Assert.Equal(100, running.GetProperty("arg").GetProperty("progress").GetInt32());
        Assert.Equal("Ready", running.GetProperty("arg").GetProperty("message").GetString());
        AssertSameJson(await a.GetSessionAsync(second), running.GetProperty("arg"));

        // 3. Stopping is streamed too; the last word about a session is its final state.
        (await a.Http.DeleteAsync($"/api/v1/sessions/{second}")).EnsureSuccessStatusCode();
        var stopped = await aClient.WaitForSessionAsync(second, "stopped", TimeSpan.FromSeconds(60));
        AssertSameJson(await a.GetSessionAsync(second), stopped.GetProperty("arg"));

        // 4. B heard nothing about A's sessions, then or on connecting.
        Assert.Empty(bClient.Messages("sessionUpdated"));
        (await a.Http.DeleteAsync($"/api/v1/sessions/{first}")).EnsureSuccessStatusCode();
        await aClient.WaitForSessionAsync(first, "stopped", TimeSpan.FromSeconds(60));
        Assert.Empty(bClient.Messages("sessionUpdated"));
    }

    [Fact]
    public async Task A_mentor_hears_about_a_shared_session_and_stops_hearing_once_the_share_is_revoked()
    {
        var (owner, _) = await fixture.Admin.CreateMemberAsync("hub-owner");
        var (mentor, mentorId) = await fixture.Admin.CreateMemberAsync("hub-mentor", "member", "mentor");
        using var _o = owner;
        using var _m = mentor;
        var kept = (await owner.LaunchAsync()).GetProperty("id").GetString()!;
        var revoked = (await owner.LaunchAsync()).GetProperty("id").GetString()!;
        await owner.WaitForStateAsync(kept, Launch, "running");
        await owner.WaitForStateAsync(revoked, Launch, "running");
        await using var mentorClient = await HubClient.ConnectAsync(Orchestrator, mentor.Token);
        await mentorClient.WaitStartedAsync();

        // 1. Sharing tells the connected mentor at once; both sessions, as the mentor's GET shows them.
        await ShareAsync(owner, kept, mentorId);
        await ShareAsync(owner, revoked, mentorId);
        AssertSameJson(await mentor.GetSessionAsync(kept), (await mentorClient.WaitForSessionAsync(kept, "running", TimeSpan.FromSeconds(10))).GetProperty("arg"));
        await mentorClient.WaitForSessionAsync(revoked, "running", TimeSpan.FromSeconds(10));

        // 2. Revoked: stopping that session is no longer the mentor's business; the other one still is.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/v1/sessions/{revoked}/shares/{mentorId}")).StatusCode);
        (await owner.Http.DeleteAsync($"/api/v1/sessions/{revoked}")).EnsureSuccessStatusCode();
        await owner.WaitForStateAsync(revoked, TimeSpan.FromSeconds(60), "stopped");
        (await owner.Http.DeleteAsync($"/api/v1/sessions/{kept}")).EnsureSuccessStatusCode();
        await mentorClient.WaitForSessionAsync(kept, "stopped", TimeSpan.FromSeconds(60));
        Assert.All(mentorClient.SessionUpdates(revoked), u => Assert.Equal("running", u.GetProperty("state").GetString()));

        // 3. A new connection of the mentor gets only what is still shared with them.
        await using var again = await HubClient.ConnectAsync(Orchestrator, mentor.Token);
        await again.WaitStartedAsync();
        await again.WaitForSessionAsync(kept, "stopped", TimeSpan.FromSeconds(10));
        Assert.Empty(again.SessionUpdates(revoked));
    }

    [Fact]
    public async Task A_client_that_reconnects_gets_the_state_it_missed()
    {
        var (a, _) = await fixture.Admin.CreateMemberAsync("hub-reconnect");
        using var _a = a;
        var id = (await a.LaunchAsync()).GetProperty("id").GetString()!;
        await a.WaitForStateAsync(id, Launch, "running");
        await using var client = await HubClient.ConnectAsync(Orchestrator, a.Token);
        await client.WaitStartedAsync();
        await client.WaitForSessionAsync(id, "running", TimeSpan.FromSeconds(10));

        // 1. Away while the session stops: nothing can reach it.
        await client.CommandAsync("stop");
        await client.WaitForAsync(e => e.GetProperty("event").GetString() == "stopped", TimeSpan.FromSeconds(10), "stop");
        (await a.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await a.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");

        // 2. Back: the current state arrives without asking.
        var away = client.Events.Count;
        Assert.DoesNotContain(client.SessionUpdates(id), u => u.GetProperty("state").GetString() != "running");
        await client.CommandAsync("start");
        await client.WaitStartedAsync(away);
        var current = await client.WaitForSessionAsync(id, "stopped", TimeSpan.FromSeconds(10), away);
        AssertSameJson(await a.GetSessionAsync(id), current.GetProperty("arg"));
    }

    [Fact]
    public async Task No_credentials_a_bad_token_and_another_sites_page_are_refused_and_the_foreign_origin_is_audited()
    {
        var (a, aId) = await fixture.Admin.CreateMemberAsync("hub-refused");
        using var _a = a;

        await using var anonymous = await HubClient.ConnectAsync(Orchestrator);
        var refused = await anonymous.WaitForAsync(e => e.GetProperty("event").GetString() is "started" or "startFailed", TimeSpan.FromSeconds(30), "start");
        Assert.Equal(401, refused.GetProperty("status").GetInt32());

        await using var forged = await HubClient.ConnectAsync(Orchestrator, "not-a-token");
        refused = await forged.WaitForAsync(e => e.GetProperty("event").GetString() is "started" or "startFailed", TimeSpan.FromSeconds(30), "start");
        Assert.Equal(401, refused.GetProperty("status").GetInt32());

        await using var foreign = await HubClient.ConnectAsync(Orchestrator, a.Token, origin: "http://evil.example");
        refused = await foreign.WaitForAsync(e => e.GetProperty("event").GetString() is "started" or "startFailed", TimeSpan.FromSeconds(30), "start");
        Assert.Equal(403, refused.GetProperty("status").GetInt32());

        // The WebSocket itself (not only negotiate) is refused from another site, with the reason; the own origin passes.
        using var http = new HttpClient { BaseAddress = Orchestrator };
        using var handshake = new HttpRequestMessage(HttpMethod.Get, $"/hubs/sessions?id=x&access_token={Uri.EscapeDataString(a.Token)}");
        handshake.Headers.Add("Origin", "http://evil.example");
        var response = await http.SendAsync(handshake);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("hub.origin_refused", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        await using var sameOrigin = await HubClient.ConnectAsync(Orchestrator, a.Token, origin: Orchestrator.GetLeftPart(UriPartial.Authority));
        await sameOrigin.WaitStartedAsync();

        // A token in the query counts on the hub only: elsewhere it is ignored.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/sessions?access_token={Uri.EscapeDataString(a.Token)}")).StatusCode);

        var events = (await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=access.refused")).EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("actor").GetString() == aId
            && e.GetProperty("detail").GetProperty("reasons")[0].GetString() == "hub.origin_refused"
            && e.GetProperty("detail").GetProperty("origin").GetString() == "http://evil.example");
    }

    [Fact]
    public async Task An_admin_signed_in_with_the_portal_cookie_sees_a_dataset_build_and_analysts_do_not()
    {
        var (a, _) = await fixture.Admin.CreateMemberAsync("hub-dataset");
        using var _a = a;
        await using var admin = await HubClient.ConnectAsync(Orchestrator, cookie: await PortalCookieAsync());
        await using var analyst = await HubClient.ConnectAsync(Orchestrator, a.Token);
        await admin.WaitStartedAsync();
        await analyst.WaitStartedAsync();

        var name = $"hub{Guid.NewGuid():N}"[..12];
        await fixture.Admin.PublishDatasetAsync(name, "1", new Dictionary<string, string> { ["a.csv"] = "x\n1\n" });
        var published = await admin.WaitForAsync(e => HubClient.IsMessage(e, "datasetUpdated") && e.GetProperty("arg").GetProperty("name").GetString() == name
            && e.GetProperty("arg").GetProperty("status").GetString() != "building", TimeSpan.FromSeconds(60), "datasetUpdated after building");
        Assert.Equal("published", published.GetProperty("arg").GetProperty("status").GetString());
        Assert.Equal("1", published.GetProperty("arg").GetProperty("version").GetString());
        var statuses = admin.Messages("datasetUpdated").Where(d => d.GetProperty("name").GetString() == name).Select(d => d.GetProperty("status").GetString()).ToList();
        Assert.Equal(["building", "published"], statuses);
        Assert.Empty(analyst.Messages("datasetUpdated"));
    }

    private async Task<string> PortalCookieAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = Orchestrator };
        var response = await http.PostAsJsonAsync("/api/v1/auth/signin", new { email = OrchestratorProcess.AdminEmail, password = OrchestratorProcess.AdminPassword });
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("sandbox.auth=", StringComparison.Ordinal)));
    }

    private static async Task ShareAsync(SandboxApi owner, string sessionId, string mentorId) =>
        Assert.Equal(HttpStatusCode.Created, (await owner.Http.PostAsJsonAsync($"/api/v1/sessions/{sessionId}/shares", new { member = mentorId, minutes = 30 })).StatusCode);

    private static void AssertSameJson(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"Expected\n{expected.GetRawText()}\nbut the hub said\n{actual.GetRawText()}");
}
