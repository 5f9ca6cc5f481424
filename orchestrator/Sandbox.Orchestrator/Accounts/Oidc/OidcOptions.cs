namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>
/// Optional single sign-on (section <c>Sandbox:Auth:Oidc</c>): bearer tokens (JWTs) issued by an external OpenID Connect
/// provider are accepted next to Sandbox's own tokens and cookie. Nothing changes while <see cref="Authority"/> is unset.
/// </summary>
/// <remarks>
/// A token whose e-mail is not a member's is refused (403, reason <c>auth.oidc_unknown_member</c>) rather than creating
/// an account: membership decides the price a person pays and the tier an admin assigns, so the cooperative, not
/// whoever the provider lets sign in, decides who is a member. Admins create the member first, with the same e-mail.
/// </remarks>
internal sealed class OidcOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Auth:Oidc";

    /// <summary>
    /// The provider's issuer URL (its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>).
    /// Default unset: single sign-on is off.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (the client id registered at the provider). Required with <see cref="Authority"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>The token claim that carries the provider's role or group values. Default <c>roles</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// Provider role values mapped to Sandbox roles (<c>mentor</c>, <c>billing</c>, <c>admin</c>), for example
    /// <c>sandbox-billing</c> → <c>billing</c>. Values the map does not name grant nothing. Default empty: every
    /// single-sign-on caller is an analyst only.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; } = new(StringComparer.Ordinal);

    /// <summary>The token claim that carries the e-mail address matched to a member. Default <c>email</c>.</summary>
    public string EmailClaim { get; set; } = "email";

    /// <summary>Whether the provider's discovery document and keys must be fetched over HTTPS. Default true; only tests turn it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Whether single sign-on is configured in <paramref name="configuration"/> (an authority is set).</summary>
    public static bool IsConfiguredIn(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(Section)[nameof(Authority)]);
}
