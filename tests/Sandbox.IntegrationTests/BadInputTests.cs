using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>Clients' mistakes get problem+json with a stable reason, never a 500, and nothing is created.</summary>
public sealed class BadInputTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData("""{"profile":"cobol","size":"small"}""", 400, "session.unknown_profile")]
    [InlineData("""{"profile":"python","size":"huge"}""", 400, "session.unknown_size")]
    [InlineData("""{"profile":"python","size":"small","datasets":["nope"]}""", 400, "session.unknown_dataset")]
    [InlineData("""{"profile":"python","size":"small","datasets":["shops@9"]}""", 400, "session.unknown_dataset")]
    [InlineData("""{"profile":"python","size":"small","datasets":["shops","shops@1"]}""", 400, "session.duplicate_dataset")]
    [InlineData("{\"profile\":\"python\",\"size\":", 400, "request.malformed_json")]
    [InlineData("""{"profile":1}""", 400, "request.malformed_json")]
    [InlineData("", 400, "request.missing_body")]
    public async Task A_bad_launch_request_is_refused_with_a_reason_and_creates_nothing(string body, int status, string reason)
    {
        var (analyst, memberId) = await fixture.Admin.CreateMemberAsync("bad-input");
        using var _ = analyst;

        var response = await analyst.Http.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, status, reason);
        Assert.Equal("[]", await analyst.Http.GetStringAsync("/api/v1/sessions"));
        Assert.Empty(await DockerEngine.ContainersAsync($"{fixture.Orchestrator.LabelPrefix}member={memberId}"));
    }

    [Fact]
    public async Task Every_error_of_a_request_is_reported_at_once()
    {
        var response = await fixture.Admin.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "cobol", size = "huge", datasets = new[] { "nope" } });
        var problem = await AssertProblemAsync(response, 400, "session.unknown_profile");
        var reasons = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("reason").GetString()).ToList();
        Assert.Equal(["session.unknown_profile", "session.unknown_size", "session.unknown_dataset"], reasons);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var huge = JsonSerializer.Serialize(new { profile = "python", size = "small", datasets = Enumerable.Repeat(new string('x', 1000), 200) });
        var response = await fixture.Admin.Http.PostAsync("/api/v1/sessions", new StringContent(huge, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, 413, "request.body_too_large");
    }

    [Fact]
    public async Task Without_a_token_every_api_answers_401_problem()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Orchestrator.BaseAddress };
        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/sessions"), 401, "auth.unauthenticated");
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = OrchestratorProcess.AdminEmail, password = "wrong-password" }),
            401, "auth.invalid_credentials");
        using var forged = new HttpClient { BaseAddress = fixture.Orchestrator.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-real-token");
        await AssertProblemAsync(await forged.GetAsync("/api/v1/sessions"), 401, "auth.unauthenticated");
    }

    [Fact]
    public async Task An_analyst_cannot_manage_members_or_publish_datasets()
    {
        var (analyst, _) = await fixture.Admin.CreateMemberAsync("not-admin");
        using var _ = analyst;
        await AssertProblemAsync(await analyst.Http.GetAsync("/api/v1/members"), 403, "auth.forbidden");
        await AssertProblemAsync(await analyst.Http.PostAsJsonAsync("/api/v1/members", new { email = "x@y.z" }), 403, "auth.forbidden");
        using var upload = new MultipartFormDataContent { { new StringContent("{}"), "metadata" } };
        await AssertProblemAsync(await analyst.Http.PostAsync("/api/v1/datasets", upload), 403, "auth.forbidden");
    }

    [Fact]
    public async Task Members_with_bad_fields_are_refused_with_every_reason()
    {
        var response = await fixture.Admin.Http.PostAsJsonAsync("/api/v1/members",
            new { email = "not-an-email", password = "", displayName = "", tier = "gold", roles = new[] { "emperor" } });
        var problem = await AssertProblemAsync(response, 400, "member.invalid_email");
        var reasons = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("reason").GetString()).ToList();
        Assert.Equal(["member.invalid_email", "member.weak_password", "member.invalid_display_name", "member.unknown_tier", "member.unknown_role"], reasons);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_session_and_a_different_request_under_it_is_refused()
    {
        var (analyst, memberId) = await fixture.Admin.CreateMemberAsync("idempotent");
        using var _ = analyst;
        var key = Guid.NewGuid().ToString();

        var first = await SendWithKeyAsync(analyst, key, new { profile = "python", size = "small" });
        var again = await SendWithKeyAsync(analyst, key, new { profile = "python", size = "small" });
        var different = await SendWithKeyAsync(analyst, key, new { profile = "python", size = "medium" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(firstId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        await AssertProblemAsync(different, 422, "session.idempotency_key_reused");
        Assert.Equal(1, JsonDocument.Parse(await analyst.Http.GetStringAsync("/api/v1/sessions")).RootElement.GetArrayLength());

        // Stopping twice: the second stop is refused once the session has ended.
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{firstId}")).StatusCode);
        await analyst.WaitForStateAsync(firstId!, TimeSpan.FromSeconds(60), "stopped");
        await AssertProblemAsync(await analyst.Http.DeleteAsync($"/api/v1/sessions/{firstId}"), 409, "session.already_ended");
        Assert.Empty(await DockerEngine.ContainersAsync($"{fixture.Orchestrator.LabelPrefix}member={memberId}"));
    }

    [Fact]
    public async Task Hostile_or_malformed_dataset_uploads_are_refused_and_leave_no_entry()
    {
        var admin = fixture.Admin.Http;
        var files = new Dictionary<string, string> { ["../escape.csv"] = "a,b\n" };
        await AssertProblemAsync(await admin.PostAsync("/api/v1/datasets", Upload("escape", "1", SandboxApi.TarGz(files))), 422, "archive.path_traversal");
        await AssertProblemAsync(await admin.PostAsync("/api/v1/datasets", Upload("notanarchive", "1", Encoding.UTF8.GetBytes("just text"))), 422, "archive.not_an_archive");
        await AssertProblemAsync(await admin.PostAsync("/api/v1/datasets", Upload("Bad Name", "1", SandboxApi.TarGz(new Dictionary<string, string> { ["a.csv"] = "x" }))), 400, "dataset.invalid_name");
        await AssertProblemAsync(await admin.PostAsync("/api/v1/datasets", Upload("shops", "1", SandboxApi.TarGz(new Dictionary<string, string> { ["a.csv"] = "x" }))), 409, "dataset.version_exists");
        await AssertProblemAsync(await admin.PostAsync("/api/v1/datasets", new StringContent("{}", Encoding.UTF8, "application/json")), 415, "dataset.malformed_upload");

        var catalog = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/datasets")).RootElement;
        Assert.Equal(["shops"], catalog.EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList());
        Assert.Single(catalog[0].GetProperty("versions").EnumerateArray());
    }

    private static MultipartFormDataContent Upload(string name, string version, byte[] archive) => new()
    {
        { new StringContent(JsonSerializer.Serialize(new { name, version, title = "t" }), Encoding.UTF8, "application/json"), "metadata" },
        { new ByteArrayContent(archive), "archive", "data.tar.gz" },
    };

    private static async Task<HttpResponseMessage> SendWithKeyAsync(SandboxApi api, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await api.Http.SendAsync(request);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} {reason}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        return problem;
    }
}
