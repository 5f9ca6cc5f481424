using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Oidc;

/// <summary>Single-sign-on settings are checked when the orchestrator starts, not at the first request.</summary>
public sealed class SingleSignOnSettingsTests
{
    [Fact]
    public async Task An_authority_without_an_audience_or_with_a_role_map_to_an_unknown_role_stops_the_start_naming_both()
    {
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Auth__Oidc__Authority"] = "http://127.0.0.1:9/",
            ["Sandbox__Auth__Oidc__RequireHttpsMetadata"] = "false",
            ["Sandbox__Auth__Oidc__RoleMap__sandbox-owners"] = "owner",
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => orchestrator.StartAsync());

        Assert.Contains("Sandbox:Auth:Oidc:Audience is required", failure.Message, StringComparison.Ordinal);
        Assert.Contains("RoleMap:sandbox-owners maps to unknown role 'owner'", failure.Message, StringComparison.Ordinal);
    }
}
