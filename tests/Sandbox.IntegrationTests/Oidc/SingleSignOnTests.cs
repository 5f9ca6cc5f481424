using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;

namespace Sandbox.IntegrationTests.Oidc;

/// <summary>
/// Single sign-on against the real orchestrator: tokens from an OpenID provider sign members in with the roles the
/// provider grants; every other token is refused with 401, and Sandbox's own tokens keep working alongside.
/// </summary>
public sealed class SingleSignOnTests(SingleSignOnFixture fixture) : IClassFixture<SingleSignOnFixture>
{
    private const string Audience = SingleSignOnFixture.Audience;

    [Fact]
    public async Task A_members_token_with_a_mapped_billing_role_reads_the_audit_log_and_sessions_and_signs_in_once()
    {
        var (id, email) = await fixture.CreateMemberAsync("sso-clerk");
        var token = fixture.Issuer.Mint(Audience, email, ["sandbox-billing", "unmapped-group"]);
        using var http = fixture.ClientWith(token);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/audit")).StatusCode);
        var sessions = await http.GetAsync("/api/v1/sessions");
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await sessions.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
        // Billing staff, not admins: the member list is for admins only.
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/members")).StatusCode);

        var signIns = (await fixture.Admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/audit?kind=auth.sign_in&actor={id}")).EnumerateArray().ToList();
        var signIn = Assert.Single(signIns);
        Assert.Equal("oidc", signIn.GetProperty("detail").GetProperty("via").GetString());
        Assert.Equal(["billing"], signIn.GetProperty("detail").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Roles_come_from_the_token_only_so_a_stored_role_the_provider_does_not_grant_is_not_used()
    {
        var (_, email) = await fixture.CreateMemberAsync("sso-stored-billing", "billing");
        using var http = fixture.ClientWith(fixture.Issuer.Mint(Audience, email, []));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/sessions")).StatusCode);
        await ProblemAssert.HasReasonAsync(await http.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task A_disabled_members_provider_token_is_refused_and_audited_until_they_are_enabled()
    {
        var (id, email) = await fixture.CreateMemberAsync("sso-disabled");
        using var http = fixture.ClientWith(fixture.Issuer.Mint(Audience, email, []));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/sessions")).StatusCode);

        (await fixture.Admin.Http.PostAsync($"/api/v1/members/{id}/disable", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/sessions")).StatusCode);
        var failed = (await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=auth.sign_in_failed")).EnumerateArray()
            .Where(e => e.GetProperty("subject").GetString() == id).ToList();
        Assert.Equal("member_disabled", Assert.Single(failed).GetProperty("detail").GetProperty("reason").GetString());

        (await fixture.Admin.Http.PostAsync($"/api/v1/members/{id}/enable", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/sessions")).StatusCode);
    }

    [Fact]
    public async Task A_valid_token_for_an_e_mail_that_is_not_a_members_is_refused_with_403()
    {
        var email = $"stranger-{Guid.NewGuid():N}@sandbox.test";
        using var http = fixture.ClientWith(fixture.Issuer.Mint(Audience, email, ["sandbox-admins"]));

        await ProblemAssert.HasReasonAsync(await http.GetAsync("/api/v1/sessions"), HttpStatusCode.Forbidden, "auth.oidc_unknown_member");

        var failed = (await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=auth.sign_in_failed")).EnumerateArray()
            .Where(e => e.GetProperty("detail").TryGetProperty("email", out var m) && m.GetString() == email).ToList();
        Assert.Equal("unknown_member", Assert.Single(failed).GetProperty("detail").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_token_signed_by_a_key_the_provider_never_published_is_refused_with_401_and_audited_without_the_token()
    {
        var (_, email) = await fixture.CreateMemberAsync("sso-forged", "admin");
        var forged = fixture.Issuer.MintWithForeignKey(Audience, email, ["sandbox-admins"]);
        using var http = fixture.ClientWith(forged);

        await ProblemAssert.HasReasonAsync(await http.GetAsync("/api/v1/members"), HttpStatusCode.Unauthorized, "auth.unauthenticated");

        var audit = await fixture.Admin.Http.GetStringAsync("/api/v1/audit?kind=auth.sign_in_failed");
        Assert.Contains(JsonDocument.Parse(audit).RootElement.EnumerateArray(), e =>
            e.GetProperty("detail").TryGetProperty("via", out var via) && via.GetString() == "oidc"
            && e.GetProperty("detail").GetProperty("reason").GetString() == "bad_signature");
        Assert.DoesNotContain(forged.Split('.')[2], audit, StringComparison.Ordinal);
        Assert.DoesNotContain(forged.Split('.')[1], await File.ReadAllTextAsync(fixture.Orchestrator.LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_with_401()
    {
        var (_, email) = await fixture.CreateMemberAsync("sso-audience");
        using var http = fixture.ClientWith(fixture.Issuer.Mint("some-other-application", email, ["sandbox-billing"]));

        await ProblemAssert.HasReasonAsync(await http.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_401()
    {
        var (_, email) = await fixture.CreateMemberAsync("sso-expired");
        using var http = fixture.ClientWith(fixture.Issuer.Mint(Audience, email, ["sandbox-billing"], DateTimeOffset.UtcNow.AddMinutes(-10)));

        await ProblemAssert.HasReasonAsync(await http.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    [Fact]
    public async Task Sandboxs_own_bearer_tokens_keep_working_alongside_single_sign_on()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.Http.GetAsync("/api/v1/members")).StatusCode);

        using var garbage = fixture.ClientWith("not-a-token-at-all");
        await ProblemAssert.HasReasonAsync(await garbage.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }
}
