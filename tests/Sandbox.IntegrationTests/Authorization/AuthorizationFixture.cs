using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Authorization;

/// <summary>
/// One real orchestrator with one account per role and real objects to aim at: a running session of the analyst,
/// shared with the mentor; a stopped session of the analyst; a second mentor with a share the owner may revoke; a
/// member for admins to patch; a published dataset. Two launches in all.
/// </summary>
public sealed class AuthorizationFixture : IAsyncLifetime
{
    public const string DatasetName = "parks";

    public OrchestratorProcess Orchestrator { get; } = new();

    /// <summary>A client without cookies: every call says who it is with its own bearer header, or nothing.</summary>
    public HttpClient Http { get; private set; } = null!;

    internal Persona Analyst { get; private set; } = null!;

    internal Persona Mentor { get; private set; } = null!;

    internal Persona Billing { get; private set; } = null!;

    internal Persona Admin { get; private set; } = null!;

    /// <summary>Anonymous, analyst, mentor, billing, admin: the matrix's columns.</summary>
    internal IReadOnlyList<Persona> Personas => [Persona.Anonymous, Analyst, Mentor, Billing, Admin];

    /// <summary>The analyst's running session, shared with <see cref="Mentor"/>.</summary>
    public string RunningSessionId { get; private set; } = null!;

    /// <summary>The analyst's session that has already stopped (safe to aim DELETE at).</summary>
    public string StoppedSessionId { get; private set; } = null!;

    /// <summary>A mentor the running session is shared with, whose share the matrix may revoke and re-create.</summary>
    public string SpareMentorId { get; private set; } = null!;

    /// <summary>A member nobody else depends on, for PATCH.</summary>
    public string PatchTargetId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // 1. The orchestrator and its bootstrap admin, who sets everything up.
        await Orchestrator.StartAsync();
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = Orchestrator.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        using var setup = await SandboxApi.SignInAsync(Orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

        // 2. One account per role, and the bystanders.
        Analyst = await CreatePersonaAsync("analyst");
        Mentor = await CreatePersonaAsync("mentor", "mentor");
        Billing = await CreatePersonaAsync("billing", "billing");
        Admin = await CreatePersonaAsync("admin", "admin");
        SpareMentorId = (await CreatePersonaAsync("spare-mentor", "mentor")).Id!;
        PatchTargetId = (await CreatePersonaAsync("patch-target")).Id!;
        await setup.PublishDatasetAsync(DatasetName, "1", new Dictionary<string, string> { ["parks.csv"] = "park,district\nA,Jung-gu\n" });

        // 3. The analyst's two sessions: one stays running and is shared, the other is stopped at once.
        var running = LaunchAsync();
        var stopped = LaunchAsync();
        RunningSessionId = await running;
        StoppedSessionId = await stopped;
        (await SendAsync(Analyst, HttpMethod.Delete, $"/api/v1/sessions/{StoppedSessionId}")).EnsureSuccessStatusCode();
        await WaitForStateAsync(StoppedSessionId, "stopped");
        await WaitForStateAsync(RunningSessionId, "running");
        await ShareAsync(Mentor.Id!);
        await ShareAsync(SpareMentorId);
    }

    /// <summary>Sends a request as a persona (no Authorization header for anonymous).</summary>
    internal async Task<HttpResponseMessage> SendAsync(Persona caller, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (caller.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Creates a member with roles (as the bootstrap admin) and signs in as them.</summary>
    internal async Task<Persona> CreatePersonaAsync(string name, params string[] roles)
    {
        using var admin = await SandboxApi.SignInAsync(Orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var email = $"{name}-{Guid.NewGuid():N}@sandbox.test";
        var created = await admin.Http.PostAsJsonAsync("/api/v1/members",
            new { email, password = Persona.Password, displayName = name, tier = "member", roles });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var signedIn = await SandboxApi.SignInAsync(Orchestrator.BaseAddress, email, Persona.Password);
        return new Persona(name, id, email, signedIn.Token, roles);
    }

    /// <summary>The session as its owner sees it.</summary>
    public async Task<JsonElement> SessionAsync(string id)
    {
        var response = await SendAsync(Analyst, HttpMethod.Get, $"/api/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Shares the running session (as its owner) with a mentor.</summary>
    public async Task ShareAsync(string mentorId)
    {
        var response = await SendAsync(Analyst, HttpMethod.Post, $"/api/v1/sessions/{RunningSessionId}/shares",
            JsonContent.Create(new { member = mentorId, minutes = 600 }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        await Orchestrator.DisposeAsync();
    }

    private async Task<string> LaunchAsync()
    {
        var response = await SendAsync(Analyst, HttpMethod.Post, "/api/v1/sessions", JsonContent.Create(new { profile = "python", size = "small", datasets = Array.Empty<string>() }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Launch failed: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task WaitForStateAsync(string id, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await SessionAsync(id)).GetProperty("state").GetString() != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Session {id} did not reach {state}: {await SessionAsync(id)}\n{Orchestrator.Tail()}");
            await Task.Delay(100);
        }
    }
}
