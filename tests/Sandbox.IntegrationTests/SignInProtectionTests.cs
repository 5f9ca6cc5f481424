using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>Wrong passwords lock the account; too many attempts from one address are refused.</summary>
public sealed class SignInProtectionTests
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_a_flood_from_one_address_is_rate_limited()
    {
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string> { ["Sandbox__SignIn__AttemptsPerAddressPerMinute"] = "12" });
        await orchestrator.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = orchestrator.BaseAddress };
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var email = $"locked-{Guid.NewGuid():N}@sandbox.test";
        (await admin.Http.PostAsJsonAsync("/api/v1/members", new { email, password = "right-password-1", displayName = "L", tier = "member", roles = Array.Empty<string>() }))
            .EnsureSuccessStatusCode();

        // 1. Lockout: the fifth wrong password locks the account; then even the right one is refused for now.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("auth.invalid_credentials", await ReasonAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "wrong" }), 401));
        }

        Assert.Equal("auth.locked_out", await ReasonAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "wrong" }), 429));

        Assert.Equal("auth.locked_out", await ReasonAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "right-password-1" }), 429));

        // 2. Rate limit: 12 attempts a minute from this address (the admin's sign-in and the six above count); the rest are refused.
        var reasons = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = "nobody@sandbox.test", password = "x" });
            reasons.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reason").GetString()!);
        }

        Assert.Equal(Enumerable.Repeat("auth.invalid_credentials", 5).Concat(Enumerable.Repeat("auth.rate_limited", 3)), reasons);
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString()!;
    }
}
