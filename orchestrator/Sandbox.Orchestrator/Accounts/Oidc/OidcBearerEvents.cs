using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Sandbox.Orchestrator.Audit;

namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>
/// Turns a provider's valid token into a member's principal, and audits single-sign-on sign-ins and refusals once per
/// token (the token itself is never written anywhere).
/// </summary>
internal sealed class OidcBearerEvents(
    UserManager<SandboxUser> users, AuditLog audit, AuditedOidcTokens audited, IOptions<OidcOptions> options, TimeProvider clock) : JwtBearerEvents
{
    private static readonly TimeSpan RememberRefusals = TimeSpan.FromHours(1);

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        // 1. Find the member the token's e-mail names; a provider that says the e-mail is unverified names nobody.
        var settings = options.Value;
        var token = context.Principal!;
        var email = token.FindFirstValue(settings.EmailClaim)?.Trim();
        var unverified = string.Equals(token.FindFirstValue("email_verified"), "false", StringComparison.OrdinalIgnoreCase);
        var member = string.IsNullOrEmpty(email) || unverified ? null : await users.FindByEmailAsync(email);
        var raw = JwtShape.BearerToken(context.Request.Headers.Authorization.ToString()).ToString();
        var validTo = new DateTimeOffset(context.SecurityToken.ValidTo, TimeSpan.Zero);
        var issuer = context.SecurityToken.Issuer;
        var ct = context.HttpContext.RequestAborted;

        // 2. No member: refuse with 403 (see OidcOptions for why no account is created), audited once.
        if (member is null)
        {
            context.HttpContext.Items[OidcScheme.UnknownMemberItem] = true;
            if (audited.IsFirst(raw, "unknown_member", validTo))
            {
                await audit.WriteAsync(AuditKinds.SignInFailed, null, null,
                    new { via = OidcScheme.Name, reason = unverified ? "email_unverified" : "unknown_member", email, issuer, subject = token.FindFirstValue("sub") }, ct);
            }

            context.Fail("The token is valid but its e-mail is not a member's.");
            return;
        }

        // 3. A disabled member's provider token opens nothing either (audited once).
        if (member.DisabledAt is not null)
        {
            if (audited.IsFirst(raw, "member_disabled", validTo))
            {
                await audit.WriteAsync(AuditKinds.SignInFailed, member.Id, member.Id, new { via = OidcScheme.Name, reason = "member_disabled", email, issuer }, ct);
            }

            context.Fail("The token is valid but the member is disabled.");
            return;
        }

        // 4. Run as the member with the roles the token maps to, and audit the sign-in the first time this token is used.
        var providerRoles = token.FindAll(settings.RoleClaim).Select(c => c.Value).ToList();
        context.Principal = OidcMemberPrincipal.Create(member, providerRoles, settings.RoleMap);
        if (audited.IsFirst(raw, "signed_in", validTo))
        {
            await audit.WriteAsync(AuditKinds.SignIn, member.Id, member.Id,
                new { email = member.Email, via = OidcScheme.Name, issuer, roles = OidcMemberPrincipal.MapRoles(providerRoles, settings.RoleMap) }, ct);
        }
    }

    public override async Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        var reason = ReasonOf(context.Exception);
        var raw = JwtShape.BearerToken(context.Request.Headers.Authorization.ToString()).ToString();
        if (audited.IsFirst(raw, reason, clock.GetUtcNow() + RememberRefusals))
        {
            await audit.WriteAsync(AuditKinds.SignInFailed, null, null, new { via = OidcScheme.Name, reason }, context.HttpContext.RequestAborted);
        }
    }

    /// <summary>Why a token was refused, in a few stable words (the exception's message may quote the token's contents).</summary>
    private static string ReasonOf(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not_yet_valid",
        SecurityTokenInvalidAudienceException => "wrong_audience",
        SecurityTokenInvalidIssuerException => "wrong_issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "bad_signature",
        SecurityTokenMalformedException => "malformed",
        InvalidOperationException or HttpRequestException or IOException => "provider_unreachable",
        _ => "invalid",
    };
}
