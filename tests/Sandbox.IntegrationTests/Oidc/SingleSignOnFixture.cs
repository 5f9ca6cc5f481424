using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Oidc;

/// <summary>
/// A local OpenID provider and the real orchestrator configured to accept its tokens (audience
/// <see cref="Audience"/>, provider role <c>sandbox-billing</c> mapped to billing, <c>sandbox-admins</c> to admin).
/// </summary>
public sealed class SingleSignOnFixture : IAsyncLifetime
{
    public const string Audience = "sandbox-orchestrator";

    internal LocalOpenIdIssuer Issuer { get; } = new();

    public OrchestratorProcess Orchestrator { get; private set; } = null!;

    public SandboxApi Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Auth__Oidc__Authority"] = Issuer.Issuer,
            ["Sandbox__Auth__Oidc__Audience"] = Audience,
            ["Sandbox__Auth__Oidc__RequireHttpsMetadata"] = "false",
            ["Sandbox__Auth__Oidc__RoleMap__sandbox-billing"] = "billing",
            ["Sandbox__Auth__Oidc__RoleMap__sandbox-admins"] = "admin",
        });
        await Orchestrator.StartAsync();
        Admin = await SandboxApi.SignInAsync(Orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
    }

    /// <summary>Creates a member with a password (as admin); returns their id and e-mail.</summary>
    public async Task<(string Id, string Email)> CreateMemberAsync(string name, params string[] roles)
    {
        var email = $"{name}-{Guid.NewGuid():N}@sandbox.test";
        var response = await Admin.Http.PostAsJsonAsync("/api/v1/members",
            new { email, password = "member-password-1", displayName = name, tier = "member", roles });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, email);
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token.</summary>
    public HttpClient ClientWith(string token)
    {
        var http = new HttpClient { BaseAddress = Orchestrator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (Orchestrator is not null)
        {
            await Orchestrator.DisposeAsync();
        }

        await Issuer.DisposeAsync();
    }
}
