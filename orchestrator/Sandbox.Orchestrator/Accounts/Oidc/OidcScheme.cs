namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>Names used by single sign-on.</summary>
internal static class OidcScheme
{
    /// <summary>The authentication scheme that validates the provider's tokens.</summary>
    public const string Name = "oidc";

    /// <summary>The problem reason for a valid token whose e-mail is not a member's.</summary>
    public const string UnknownMemberReason = "auth.oidc_unknown_member";

    /// <summary>Set on the request when its token was valid but named no member, so the refusal is 403, not 401.</summary>
    public const string UnknownMemberItem = "sandbox.oidc_unknown_member";
}
